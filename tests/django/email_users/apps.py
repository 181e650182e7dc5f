from django.apps import AppConfig


class EmailUsersConfig(AppConfig):
    """A user model signed in by email, installed only when DJANGO_EMAIL_USERS=1."""

    name = "email_users"
    default_auto_field = "django.db.models.BigAutoField"
