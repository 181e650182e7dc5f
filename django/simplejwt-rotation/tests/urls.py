from django.urls import path
from rest_framework_simplejwt import views as stock

from simplejwt_rotation.views import LogoutAllView, TokenRefreshView

urlpatterns = [
    path("api/token/", stock.TokenObtainPairView.as_view()),
    path("api/token/refresh/", TokenRefreshView.as_view()),
    path("api/token/logout-all/", LogoutAllView.as_view()),
    path("api/token/blacklist/", stock.TokenBlacklistView.as_view()),
    # The control: simplejwt's own refresh view, unchanged.
    path("stock/token/refresh/", stock.TokenRefreshView.as_view()),
]
