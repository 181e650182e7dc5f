from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from .counters import counters
from .faults import faults
from .middleware import forwarded_for
from .models import TokenLifetimeOverride
from .serializers import FaultSerializer, TestUserSerializer
from .tokens import claim_padding
from .user_keys import key_for_username


class TestEndpoint(APIView):
    """Open to anyone: these routes exist only when DJANGO_TEST_MODE=1."""

    authentication_classes = []
    permission_classes = [AllowAny]


class TestUsersView(TestEndpoint):
    def post(self, request):
        serializer = TestUserSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        User = get_user_model()
        user, created = User.objects.get_or_create(**{User.USERNAME_FIELD: data["username"]})
        # The same password keeps its hash: with CHECK_REVOKE_TOKEN a new hash is a password change.
        if created or not user.check_password(data["password"]):
            user.set_password(data["password"])
        user.is_active = data["is_active"]
        user.save()
        username = user.get_username()
        lifetimes = {
            field: data.get(field) for field in ("refresh_lifetime_s", "access_lifetime_s")
        }
        if any(lifetimes.values()):
            TokenLifetimeOverride.objects.update_or_create(username=username, defaults=lifetimes)
        else:
            TokenLifetimeOverride.objects.filter(username=username).delete()
        claim_padding.set(username, data.get("extra_claims_bytes", 0))
        return Response({"id": user.pk, "username": username}, status=status.HTTP_201_CREATED)


class LiveTokensView(TestEndpoint):
    """How many of the user's refresh tokens are still alive: issued, unexpired, not blacklisted."""

    def get(self, request):
        user = {f"user__{get_user_model().USERNAME_FIELD}": required_username(request)}
        live = OutstandingToken.objects.filter(
            **user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
        ).count()
        return Response({"live": live})


class CountersView(TestEndpoint):
    def get(self, request):
        return Response(counters.read(key_for_username(required_username(request))))

    def delete(self, request):
        counters.reset(key_for_username(required_username(request)))
        return Response(status=status.HTTP_204_NO_CONTENT)


class FaultsView(TestEndpoint):
    def post(self, request):
        serializer = FaultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        User = get_user_model()
        if not User.objects.filter(**{User.USERNAME_FIELD: data["username"]}).exists():
            raise ValidationError({"username": ["No such user."]})
        faults.arm(
            key_for_username(data["username"]),
            data["endpoint"],
            data["mode"],
            data.get("delay_ms", 0),
            data["count"],
            data.get("status"),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def delete(self, request):
        faults.disarm(key_for_username(required_username(request)))
        return Response(status=status.HTTP_204_NO_CONTENT)


def required_username(request):
    username = request.query_params.get("username")
    if not username:
        raise ValidationError({"username": ["This query parameter is required."]})
    return username


class EchoView(APIView):
    """Authenticated like any API view; tells a proxy test what actually reached Django."""

    def echo(self, request):
        return Response(
            {
                "method": request.method,
                "path": request.path,
                "query": request.META.get("QUERY_STRING", ""),
                "cookie_forwarded": "HTTP_COOKIE" in request.META,
                "auth_scheme": request.META.get("HTTP_AUTHORIZATION", "").split(" ")[0],
                "content_type": request.META.get("CONTENT_TYPE", ""),
                "body": request.body.decode("utf-8", "replace"),
            }
        )

    get = post = put = patch = delete = echo


class ForwardedForView(TestEndpoint):
    """Per auth endpoint, the X-Forwarded-For header of the user's last call to it."""

    def get(self, request):
        key = key_for_username(required_username(request))
        return Response(dict(forwarded_for.get(key, {})))
