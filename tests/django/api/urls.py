from django.urls import path
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

urlpatterns = [
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
