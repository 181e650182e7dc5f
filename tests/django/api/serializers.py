from django.contrib.auth import get_user_model
from rest_framework import serializers

from .models import Note


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name", "last_name"]


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ["id", "text", "created"]
        read_only_fields = ["id", "created"]
        # From the model: text required, not blank, at most 500 characters. Django answers 400
        # naming the field, e.g. {"text": ["This field may not be blank."]}.
