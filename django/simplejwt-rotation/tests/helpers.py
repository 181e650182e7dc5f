import json
from typing import Any, Dict, Tuple

from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

REFRESH = "/api/token/refresh/"
STOCK_REFRESH = "/stock/token/refresh/"
LOGOUT_ALL = "/api/token/logout-all/"


def make_user(username: str = "alice", **extra: Any):
    return get_user_model().objects.create_user(username=username, password="pw-123456", **extra)


def login_token(user) -> RefreshToken:
    """What simplejwt's login view issues (for_user also writes the OutstandingToken row)."""
    return RefreshToken.for_user(user)


def post(client: Client, url: str, body: Dict[str, Any], **headers: str) -> Tuple[int, Dict]:
    response = client.post(url, json.dumps(body), content_type="application/json", **headers)
    return response.status_code, response.json()


def decode(encoded: str) -> Dict[str, Any]:
    return RefreshToken(encoded, verify=False).payload
