import json
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from rest_framework_simplejwt.settings import api_settings

from .counters import counters
from .faults import VIEW_RUNS, faults
from .jwt_payload import read_jwt_payload
from .user_keys import key_for_token, key_for_username


ENDPOINTS = {
    "token_refresh": "refresh",
    "token_blacklist": "blacklist",
    "auth_login": "token",
    "auth_refresh": "refresh",
    "auth_logout": "blacklist",
    "token_obtain_pair": "token",
    # djoser's, where it is installed (config/settings.py DJOSER_INSTALLED).
    "jwt-create": "token",
    "jwt-refresh": "refresh",
    # dj-rest-auth's (api/rest_auth.py): the refresh token travels in its cookie.
    "rest_login": "token",
    "rest_logout": "blacklist",
}
REFRESH_COOKIE = settings.REST_AUTH["JWT_AUTH_REFRESH_COOKIE"]
MAINTENANCE_PAGE = "<!doctype html><html><body><h1>Down for maintenance</h1></body></html>"

# The X-Forwarded-For of each user's last call to each auth endpoint, for /api/_test/forwarded/;
# an entry also shows that the call reached Django.
forwarded_for = {}
_forwarded_lock = threading.Lock()


def url_name(path_info):
    """The name of the URL pattern this path resolves to, or None."""
    try:
        return resolve(path_info).url_name
    except Resolver404:
        return None


class RefreshObserverMiddleware:
    """Watches POST /api/token/, /api/token/refresh/, /api/token/blacklist/ (and auth/logout/), and every
    request carrying a Bearer token: injects the faults armed through /api/_test/faults/
    before the view runs, and counts rotations, rejections and forks per user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = ENDPOINTS.get(url_name(request.path_info))
        if endpoint is None or request.method != "POST":
            return self.observe_access(request)

        if endpoint == "token":
            login_field = get_user_model().USERNAME_FIELD
            user_key = key_for_username(read_body(request).get(login_field) or "")
            presented = {}
        else:
            presented_token = read_body(request).get("refresh") or request.COOKIES.get(REFRESH_COOKIE)
            presented = read_jwt_payload(presented_token) or {}
            user_key = key_for_token(presented)
        with _forwarded_lock:
            forwarded_for.setdefault(user_key, {})[endpoint] = request.META.get(
                "HTTP_X_FORWARDED_FOR", ""
            )

        fault = faults.take(user_key, endpoint)
        if fault is not None and fault.mode not in VIEW_RUNS:
            counters.record(user_key, "faults_served")
            return faulty_response(fault)
        if fault is not None and fault.mode == "delay":
            time.sleep(fault.delay_ms / 1000)

        response = self.get_response(request)
        if endpoint == "refresh":
            self.count(response, user_key, presented)
        if fault is not None and fault.mode == "slow_answer":
            time.sleep(fault.delay_ms / 1000)  # Counted already: Django has done its part.
        if fault is not None and fault.mode == "lost_answer":
            counters.record(user_key, "faults_served")
            return lost_answer()
        return response

    def count(self, response, user_key, presented):
        if response.status_code == 200:
            # Whose rotation it was, according to the token Django just issued.
            body = read_json(response.content)
            issued = read_jwt_payload(body.get("access"))
            cookie = response.cookies.get(REFRESH_COOKIE)
            successor = read_jwt_payload(body.get("refresh") or (cookie and cookie.value)) or {}
            counters.record_rotation(
                key_for_token(issued),
                presented.get(api_settings.JTI_CLAIM),
                successor.get(api_settings.JTI_CLAIM),
            )
        elif response.status_code == 401:
            counters.record(user_key, "rejected")

    def observe_access(self, request):
        auth = request.META.get("HTTP_AUTHORIZATION", "")
        path = request.path_info
        is_test_route = path.startswith("/api/_test/") and not path.startswith("/api/_test/echo/")
        if not auth.startswith("Bearer ") or is_test_route:
            return self.get_response(request)
        user_key = key_for_token(read_jwt_payload(auth[len("Bearer ") :]))
        fault = faults.take(user_key, "access")
        if fault is None:
            return self.get_response(request)
        if fault.mode in ("delay", "slow_answer"):
            time.sleep(fault.delay_ms / 1000)
            return self.get_response(request)
        if fault.mode == "lost_answer":
            self.get_response(request)
            counters.record(user_key, "faults_served")
            return lost_answer()
        counters.record(user_key, "faults_served")
        return faulty_response(fault)


def lost_answer():
    """What a gateway answers when Django's own answer never reached it."""
    return JsonResponse({"detail": "injected 502 after the view ran"}, status=502)


def faulty_response(fault):
    if fault.mode == "html200":
        return HttpResponse(MAINTENANCE_PAGE, content_type="text/html", status=200)
    if fault.mode == "truncated":
        return HttpResponse('{"access": "ey', content_type="application/json", status=200)
    if fault.mode == "status":
        if fault.status == 401:
            body = {"detail": "Given token not valid for any token type", "code": "token_not_valid"}
        else:
            body = {"detail": f"injected {fault.status}"}
        response = JsonResponse(body, status=fault.status)
        if fault.status == 429:
            response["Retry-After"] = "30"
        return response
    return JsonResponse({"detail": "injected failure"}, status=503)


def read_body(request):
    # request.body is cached by Django, so the view can still parse it afterwards.
    if request.content_type == "application/json":
        return read_json(request.body)
    return request.POST


def read_json(raw):
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
