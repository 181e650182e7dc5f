from rest_framework import serializers

from .faults import ENDPOINTS, MODES


class TestUserSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField()
    refresh_lifetime_s = serializers.IntegerField(min_value=1, required=False)
    access_lifetime_s = serializers.IntegerField(min_value=1, required=False)
    extra_claims_bytes = serializers.IntegerField(min_value=0, max_value=65536, required=False)
    is_active = serializers.BooleanField(default=True)


class FaultSerializer(serializers.Serializer):
    username = serializers.CharField()
    endpoint = serializers.ChoiceField(choices=ENDPOINTS, default="refresh")
    mode = serializers.ChoiceField(choices=MODES)
    delay_ms = serializers.IntegerField(min_value=0, required=False)
    status = serializers.IntegerField(min_value=200, max_value=599, required=False)
    count = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        if attrs["mode"] in ("delay", "slow_answer") and "delay_ms" not in attrs:
            raise serializers.ValidationError({"delay_ms": ["Required for delay and slow_answer."]})
        if attrs["mode"] == "status" and "status" not in attrs:
            raise serializers.ValidationError({"status": ["Required when mode is status."]})
        return attrs
