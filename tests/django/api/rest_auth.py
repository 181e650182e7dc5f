"""dj-rest-auth's JWT views as it documents them, for the auth-shape spec (tests/e2e/shapes/
dj-rest-auth.spec.ts). dj-rest-auth itself is on PyPI only (no Debian package, and CI has no PyPI),
so these views follow its code (dj_rest_auth/views.py, jwt_auth.py, 7.x) with
REST_AUTH = {"USE_JWT": True, "JWT_AUTH_HTTPONLY": True, "JWT_AUTH_REFRESH_COOKIE": ...}:

- login/: `{username | email, password}` → `{"access": ..., "refresh": "", "user": {...}}`, the
  refresh token only in the Set-Cookie named by JWT_AUTH_REFRESH_COOKIE; a refusal is DRF's 400
  `{"non_field_errors": [...]}`.
- token/refresh/: the refresh token from the body when one is there, else from that cookie; the
  answer is `{"access", "access_expiration"}`, the rotated refresh token again only as the cookie.
- logout/: AllowAny (a Bearer is checked when one is sent); blacklists the cookie's refresh token,
  200 `{"detail": "Successfully logged out."}`, and its simplejwt error's words with 401 otherwise.
- user/: the profile (pk, the username field, email, names).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.module_loading import import_string
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenRefreshView

REFRESH_COOKIE = settings.REST_AUTH["JWT_AUTH_REFRESH_COOKIE"]


def set_refresh_cookie(response, refresh_token):
    response.set_cookie(
        REFRESH_COOKIE,
        refresh_token,
        expires=timezone.now() + jwt_settings.REFRESH_TOKEN_LIFETIME,
        httponly=True,
        samesite="Lax",
        path="/",
    )


class UserDetailsSerializer(serializers.ModelSerializer):
    """dj-rest-auth's USER_DETAILS_SERIALIZER: pk, the login field, email, names."""

    class Meta:
        model = get_user_model()
        fields = list(
            dict.fromkeys(["pk", model.USERNAME_FIELD, "email", "first_name", "last_name"])
        )
        read_only_fields = ["pk", "email"]


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    password = serializers.CharField(style={"input_type": "password"})


class LoginView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    def post(self, request):
        form = LoginSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        login = form.validated_data.get("username") or form.validated_data.get("email")
        # The pair comes from the configured obtain serializer, as dj-rest-auth's jwt_encode uses
        # simplejwt's (it honours the test users' lifetimes: test_support/tokens.py).
        obtain = import_string(jwt_settings.TOKEN_OBTAIN_SERIALIZER)(
            data={get_user_model().USERNAME_FIELD: login, "password": form.validated_data["password"]},
            context={"request": request},
        )
        try:
            obtain.is_valid(raise_exception=True)
        except (AuthenticationFailed, serializers.ValidationError):
            message = "Unable to log in with provided credentials."
            return Response({"non_field_errors": [message]}, status=status.HTTP_400_BAD_REQUEST)
        pair = obtain.validated_data
        user = UserDetailsSerializer(obtain.user).data
        response = Response({"access": pair["access"], "refresh": "", "user": user})
        set_refresh_cookie(response, pair["refresh"])
        return response


class CookieTokenRefreshSerializer(TokenRefreshSerializer):
    refresh = serializers.CharField(required=False)

    def validate(self, attrs):
        request = self.context["request"]
        if request.data.get("refresh"):
            attrs["refresh"] = request.data["refresh"]
        elif REFRESH_COOKIE in request.COOKIES:
            attrs["refresh"] = request.COOKIES[REFRESH_COOKIE]
        else:
            raise InvalidToken("No valid refresh token found.")
        return super().validate(attrs)


class RefreshView(TokenRefreshView):
    serializer_class = CookieTokenRefreshSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code == 200 and "access" in response.data:
            lifetime = jwt_settings.ACCESS_TOKEN_LIFETIME
            response.data["access_expiration"] = timezone.now() + lifetime
        if response.status_code == 200 and "refresh" in response.data:
            set_refresh_cookie(response, response.data.pop("refresh"))
        return super().finalize_response(request, response, *args, **kwargs)


class LogoutView(APIView):
    permission_classes = (AllowAny,)

    def post(self, request):
        response = Response({"detail": "Successfully logged out."})
        response.delete_cookie(REFRESH_COOKIE, path="/", samesite="Lax")
        if REFRESH_COOKIE not in request.COOKIES:
            response.data = {"detail": "Refresh token was not included in cookie data."}
            response.status_code = status.HTTP_401_UNAUTHORIZED
            return response
        try:
            RefreshToken(request.COOKIES[REFRESH_COOKIE]).blacklist()
        except TokenError as error:
            response.data = {"detail": str(error)}
            response.status_code = status.HTTP_401_UNAUTHORIZED
        return response


class UserDetailsView(APIView):
    def get(self, request):
        return Response(UserDetailsSerializer(request.user).data)

