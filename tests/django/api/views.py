import json

from django.http import HttpResponse
from rest_framework import generics
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.schemas.openapi import AutoSchema
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView

from .serializers import MeSerializer, NoteSerializer


class MeView(generics.RetrieveAPIView):
    """me/: the signed-in user (DJANGO_USER_PATH=me/)."""

    serializer_class = MeSerializer
    schema = AutoSchema(operation_id_base="CurrentUser")

    def get_object(self):
        return self.request.user


class UserDetailView(generics.RetrieveAPIView):
    """users/<pk>/: the profile at a path with the user's id (DJANGO_USER_PATH=users/{user_id}/);
    only one's own, anyone else's is a 404."""

    serializer_class = MeSerializer
    schema = AutoSchema(operation_id_base="User")

    def get_queryset(self):
        return type(self.request.user).objects.filter(pk=self.request.user.pk)


class LoginView(TokenObtainPairView):
    """A project's own login, as many answer: the pair and the user in one answer (read it with
    DJANGO_LOGIN_USER_KEY=user), the user with a public id, as APIs that hide their pks do."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as error:
            raise InvalidToken(error.args[0])
        user = serializer.user
        profile = {**MeSerializer(user).data, "public_id": f"u-{user.pk:05d}"}
        return Response({**serializer.validated_data, "user": profile})


class LogoutView(APIView):
    """A project's own logout, as many are written: the access token as Bearer (the default
    IsAuthenticated), the refresh token in the body, blacklisted, 204. Another user's refresh
    token is refused (403); a dead one is simplejwt's 401 token_not_valid."""

    def post(self, request):
        try:
            token = RefreshToken(request.data.get("refresh"))
        except TokenError as error:
            raise InvalidToken(error.args[0])
        if str(token.get(api_settings.USER_ID_CLAIM)) != str(request.user.pk):
            return Response({"detail": "Not your session."}, status=403)
        token.blacklist()
        return Response(status=204)


class NotesPagination(LimitOffsetPagination):
    """Pages only when asked (`?limit=`): `notes/` alone stays the whole list."""

    default_limit = None
    max_limit = 100


class NotesView(generics.ListCreateAPIView):
    serializer_class = NoteSerializer
    pagination_class = NotesPagination

    def get_queryset(self):
        return self.request.user.notes.order_by("-created", "-id")

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)


class NoteDetailView(generics.DestroyAPIView):
    """DELETE notes/<id>/: only the owner's notes are found, anyone else's is a 404."""

    serializer_class = NoteSerializer

    def get_queryset(self):
        return self.request.user.notes.all()


# Benchmark views (`npm run bench`): authenticated like `me/`, so every path pays for the
# same JWT check. The large body is built once: the benchmark measures transport, not json.dumps.
LARGE_BODY = json.dumps(
    {"items": [{"id": i, "text": "x" * 90} for i in range(9_000)]}, separators=(",", ":")
).encode()


class BenchSmallView(APIView):
    schema = None  # not part of the API a client is generated for

    def get(self, request):
        return Response({"ok": True, "user": request.user.pk})


class BenchEchoView(APIView):
    schema = None  # not part of the API a client is generated for

    def post(self, request):
        return Response({"received": len(request.body)})


class BenchLargeView(APIView):
    schema = None  # not part of the API a client is generated for

    def get(self, request):
        return HttpResponse(LARGE_BODY, content_type="application/json")
