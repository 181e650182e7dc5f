import threading
from datetime import timedelta

from rest_framework_simplejwt.serializers import TokenObtainPairSerializer
from rest_framework_simplejwt.tokens import AccessToken

from .models import TokenLifetimeOverride


class ClaimPadding:
    """Bytes of custom claims per username, set through /api/_test/users/ (extra_claims_bytes).

    Stands in for what real projects put in their tokens (permissions, tenant data): enough
    of it pushes the session cookie past the browser's 4096-byte limit.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._bytes = {}

    def set(self, username, size):
        with self._lock:
            if size:
                self._bytes[username] = size
            else:
                self._bytes.pop(username, None)

    def get(self, username):
        with self._lock:
            return self._bytes.get(username, 0)


claim_padding = ClaimPadding()


class LifetimeOverrideTokenObtainPairSerializer(TokenObtainPairSerializer):
    """Login as usual, but honour per-user lifetimes and claim padding set through
    /api/_test/users/.

    The lifetimes apply to the login pair only (a rotation goes back to
    ACCESS_TOKEN_LIFETIME and REFRESH_TOKEN_LIFETIME): a test that only needs to see the
    access token expire waits a short first lifetime, and the storm that follows gets the
    suite's full one. The padding is a claim of the refresh token, so simplejwt copies it
    into every access token and every rotated refresh token of the chain.
    """

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        override = _override_for(user)
        if override is not None and override.refresh_lifetime_s:
            token.set_exp(lifetime=timedelta(seconds=override.refresh_lifetime_s))
        padding = claim_padding.get(user.get_username())
        if padding:
            token["padding"] = "p" * padding
        return token

    def validate(self, attrs):
        data = super().validate(attrs)
        override = _override_for(self.user)
        if override is not None and override.access_lifetime_s:
            access = AccessToken(data["access"])
            access.set_exp(lifetime=timedelta(seconds=override.access_lifetime_s))
            data["access"] = str(access)
        return data


def _override_for(user):
    return TokenLifetimeOverride.objects.filter(username=user.get_username()).first()
