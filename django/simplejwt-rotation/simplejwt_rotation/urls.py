"""Optional: `path("api/token/", include("simplejwt_rotation.urls"))` mounts refresh/ and
logout-all/ under the prefix (put it before simplejwt's own refresh route)."""
from django.urls import path

from .views import LogoutAllView, TokenRefreshView

urlpatterns = [
    path("refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("logout-all/", LogoutAllView.as_view(), name="token_logout_all"),
]
