import threading
from datetime import timedelta

from rest_framework_simplejwt.serializers import TokenObtainPairSerializer

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
    """Login as usual, but honour a per-user refresh lifetime and claim padding set through
    /api/_test/users/.

    The lifetime applies to the login token only (a rotation goes back to
    REFRESH_TOKEN_LIFETIME); the padding is a claim of the refresh token, so simplejwt copies it
    into every access token and every rotated refresh token of the chain.
    """

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        override = TokenLifetimeOverride.objects.filter(username=user.get_username()).first()
        if override is not None:
            token.set_exp(lifetime=timedelta(seconds=override.refresh_lifetime_s))
        padding = claim_padding.get(user.get_username())
        if padding:
            token["padding"] = "p" * padding
        return token
