from importlib.metadata import PackageNotFoundError, version

import django
import rest_framework
from django.conf import settings
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


def package_version(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return None


class StackView(APIView):
    """Which Django stack answers, so a test can skip what that simplejwt version cannot do."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request):
        jwt_settings = settings.SIMPLE_JWT
        return Response(
            {
                "django": django.get_version(),
                "djangorestframework": rest_framework.VERSION,
                "simplejwt": package_version("djangorestframework_simplejwt"),
                "check_revoke_token": bool(jwt_settings.get("CHECK_REVOKE_TOKEN")),
            }
        )
