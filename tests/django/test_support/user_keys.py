from django.contrib.auth import get_user_model
from rest_framework_simplejwt.settings import api_settings

# Where a refresh is counted when its token says nothing about its user (garbage token).
UNKNOWN_USER = "unknown"


def key_for_token(payload):
    user_id = (payload or {}).get(api_settings.USER_ID_CLAIM)
    return UNKNOWN_USER if user_id is None else f"user:{user_id}"


def key_for_username(username):
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        # Never collides with a real user's key; "unknown" reads the garbage-token tally.
        return username
    return f"user:{getattr(user, api_settings.USER_ID_FIELD)}"
