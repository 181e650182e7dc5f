from datetime import timedelta

from rest_framework_simplejwt.serializers import TokenObtainPairSerializer

from .models import TokenLifetimeOverride


class LifetimeOverrideTokenObtainPairSerializer(TokenObtainPairSerializer):
    """Login as usual, but honour a per-user refresh lifetime set through /api/_test/users/.

    Only the login token is affected; a rotation goes back to REFRESH_TOKEN_LIFETIME.
    """

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        override = TokenLifetimeOverride.objects.filter(username=user.get_username()).first()
        if override is not None:
            token.set_exp(lifetime=timedelta(seconds=override.refresh_lifetime_s))
        return token
