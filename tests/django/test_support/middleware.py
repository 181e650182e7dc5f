import json
import time

from django.http import JsonResponse
from django.urls import reverse
from rest_framework_simplejwt.settings import api_settings

from .counters import counters
from .faults import faults
from .jwt_payload import read_jwt_payload
from .user_keys import key_for_token


ENDPOINTS = {"token_refresh": "refresh", "token_blacklist": "blacklist"}


class RefreshObserverMiddleware:
    """Watches POST /api/token/refresh/ and /api/token/blacklist/: injects the faults armed
    through /api/_test/faults/ before simplejwt runs, and counts rotations, rejections and
    forks per user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = next(
            (name for url, name in ENDPOINTS.items() if request.path_info == reverse(url)), None
        )
        if request.method != "POST" or endpoint is None:
            return self.get_response(request)

        presented = read_jwt_payload(read_presented_refresh(request)) or {}
        user_key = key_for_token(presented)

        fault = faults.take(user_key, endpoint)
        if fault is not None and fault.mode == "error":
            counters.record(user_key, "faults_served")
            return JsonResponse({"detail": "injected failure"}, status=503)
        if fault is not None and fault.mode == "delay":
            time.sleep(fault.delay_ms / 1000)

        response = self.get_response(request)
        if endpoint != "refresh":
            return response
        if response.status_code == 200:
            # Whose rotation it was, according to the token Django just issued.
            issued = read_jwt_payload(read_json(response.content).get("access"))
            counters.record_rotation(key_for_token(issued), presented.get(api_settings.JTI_CLAIM))
        elif response.status_code == 401:
            counters.record(user_key, "rejected")
        return response


def read_presented_refresh(request):
    # request.body is cached by Django, so the view can still parse it afterwards.
    if request.content_type == "application/json":
        return read_json(request.body).get("refresh")
    return request.POST.get("refresh")


def read_json(raw):
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
