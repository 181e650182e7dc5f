from django.conf import settings
from django.http import Http404
from django.urls import include, path
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.views import TokenRefreshView


class ThrottledRefreshView(TokenRefreshView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "refresh"


def not_found(request):
    raise Http404()


def variant_patterns():
    """The doctor's misconfigured variants (refresh moved or throttled); none by default."""
    patterns = []
    if settings.REFRESH_THROTTLE_RATE:
        throttled = ThrottledRefreshView.as_view()
        route = f"api/{settings.REFRESH_ROUTE or 'token/refresh/'}"
        patterns.append(path(route, throttled, name="token_refresh"))
    elif settings.REFRESH_ROUTE:
        route = f"api/{settings.REFRESH_ROUTE}"
        patterns.append(path(route, TokenRefreshView.as_view(), name="token_refresh"))
    if settings.REFRESH_ROUTE:
        # Listed before api.urls, so the default path answers 404 as on an API that never had it.
        patterns.append(path("api/token/refresh/", not_found))
    return patterns


def rotation_app_patterns():
    """simplejwt_rotation's views (DJANGO_ROTATION_APP=1): its refresh in place of simplejwt's."""
    if not settings.ROTATION_APP:
        return []
    from simplejwt_rotation.views import LogoutAllView, TokenRefreshView as RotatingRefreshView

    refresh = RotatingRefreshView.as_view()
    return [
        # Named as simplejwt's: the test middleware finds the refresh endpoint by its URL name.
        path(f"api/{settings.REFRESH_ROUTE or 'token/refresh/'}", refresh, name="token_refresh"),
        path("api/token/logout-all/", LogoutAllView.as_view()),
    ]


def djoser_patterns():
    """djoser's JWT views and users (auth/jwt/create/, auth/jwt/refresh/, auth/users/me/)."""
    if not settings.DJOSER_INSTALLED:
        return []
    return [path("api/auth/", include("djoser.urls")), path("api/auth/", include("djoser.urls.jwt"))]


def rest_auth_patterns():
    """dj-rest-auth's JWT views, as its urls.py names them (login/, logout/, user/, token/refresh/)."""
    if not settings.AUTH_LIBRARIES:
        return []
    from api import rest_auth

    return [
        path("api/dj-rest-auth/login/", rest_auth.LoginView.as_view(), name="rest_login"),
        path("api/dj-rest-auth/logout/", rest_auth.LogoutView.as_view(), name="rest_logout"),
        path("api/dj-rest-auth/user/", rest_auth.UserDetailsView.as_view(), name="rest_user_details"),
        path("api/dj-rest-auth/token/refresh/", rest_auth.RefreshView.as_view(), name="token_refresh"),
    ]


urlpatterns = [
    *rotation_app_patterns(),
    *variant_patterns(),
    *djoser_patterns(),
    *rest_auth_patterns(),
    path("api/", include("api.urls")),
]

if settings.TEST_MODE:
    urlpatterns.append(path("api/_test/", include("test_support.urls")))
