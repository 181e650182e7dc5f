from django.contrib.auth import get_user_model
from rest_framework import serializers

from .models import Note


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        # The login field first (username, or email for DJANGO_EMAIL_USERS=1); last_login lets
        # `npm run doctor` see UPDATE_LAST_LOGIN, the template ignores it.
        fields = list(
            dict.fromkeys(
                ["id", model.USERNAME_FIELD, "email", "first_name", "last_name", "last_login"]
            )
        )


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ["id", "text", "created"]
        read_only_fields = ["id", "created"]
        # From the model: text required, not blank, at most 500 characters. Django answers 400
        # naming the field, e.g. {"text": ["This field may not be blank."]}.
