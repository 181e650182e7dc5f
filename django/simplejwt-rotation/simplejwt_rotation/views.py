from django.db import transaction
from django.utils import timezone
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import views as simplejwt_views
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from .blacklist import blacklist_outstanding
from .models import SignOut
from .serializers import RotatingTokenRefreshSerializer


class TokenRefreshView(simplejwt_views.TokenRefreshView):
    """simplejwt's refresh view (same errors, same 200 body) with atomic rotation."""

    serializer_class = RotatingTokenRefreshSerializer

    @classmethod
    def as_view(cls, **initkwargs):
        # The serializer runs its own short transaction. Under ATOMIC_REQUESTS the lock would be
        # held to the end of the request, and on SQLite an earlier read would block the write lock.
        return transaction.non_atomic_requests(super().as_view(**initkwargs))


class LogoutAllView(APIView):
    """POST with an access token: every refresh token of the user stops working.
    Access tokens already issued stay valid until they expire, as with simplejwt's logout."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]

    def post(self, request: Request) -> Response:
        user = request.user
        with transaction.atomic():
            # The cut-off also stops tokens OutstandingToken never saw and rotations in flight.
            SignOut.objects.update_or_create(
                user_id=str(getattr(user, api_settings.USER_ID_FIELD)),
                defaults={"signed_out_at": timezone.now()},
            )
            blacklist_outstanding(OutstandingToken.objects.filter(user=user))
        return Response({"status": "signed_out_everywhere"})
