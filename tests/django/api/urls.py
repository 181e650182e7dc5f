from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONOpenAPIRenderer
from rest_framework.schemas import get_schema_view
from rest_framework_simplejwt.views import (
    TokenBlacklistView,
    TokenObtainPairView,
    TokenRefreshView,
    TokenVerifyView,
)

from .views import (
    BenchEchoView,
    BenchLargeView,
    BenchSmallView,
    LoginView,
    LogoutView,
    MeView,
    UserDetailView,
    NoteDetailView,
    NotesView,
)

api_patterns = [
    path("token/", TokenObtainPairView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("token/blacklist/", TokenBlacklistView.as_view(), name="token_blacklist"),
    path("token/verify/", TokenVerifyView.as_view(), name="token_verify"),
    # Hand-written views, as many projects have them (tests/e2e/shapes/hand-written.spec.ts): a
    # login answering the pair and the user, simplejwt's refresh under auth/, a logout behind
    # IsAuthenticated answering 204 (DJANGO_BLACKLIST_BEARER=on).
    path("auth/login/", LoginView.as_view(), name="auth_login"),
    path("auth/refresh/", TokenRefreshView.as_view(), name="auth_refresh"),
    path("auth/logout/", LogoutView.as_view(), name="auth_logout"),
    path("me/", MeView.as_view(), name="me"),
    path("users/<int:pk>/", UserDetailView.as_view(), name="user_detail"),
    path("notes/", NotesView.as_view(), name="notes"),
    path("notes/<int:pk>/", NoteDetailView.as_view(), name="note_detail"),
    # For `npm run bench` only: a small JSON GET, a POST echo (answers the size), a 1 MB JSON.
    path("bench/small/", BenchSmallView.as_view(), name="bench_small"),
    path("bench/echo/", BenchEchoView.as_view(), name="bench_echo"),
    path("bench/large/", BenchLargeView.as_view(), name="bench_large"),
]

# The API's OpenAPI 3 schema, from DRF's own generator, for `npm run codegen` (docs/adapting.md):
# public, as drf-spectacular serves its own by default. It describes this app's views only, as
# `manage.py generateschema --urlconf api.schema_urls` does: the same schema, with no server.
schema_view = get_schema_view(
    title="Bundled Django API",
    version="1.0.0",
    patterns=[path("api/", include(api_patterns))],
    public=True,
    authentication_classes=[],
    permission_classes=[AllowAny],
    renderer_classes=[JSONOpenAPIRenderer],
)

urlpatterns = [*api_patterns, path("schema/", schema_view, name="schema")]
