"""Small helpers over simplejwt's token_blacklist models, shared by rotation and sign-out."""
from typing import Any, Dict

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.utils import datetime_from_epoch


def is_blacklisted(jti: str) -> bool:
    return BlacklistedToken.objects.filter(token__jti=jti).exists()


def blacklist_outstanding(outstanding: "QuerySet[OutstandingToken]") -> int:
    ids = list(outstanding.filter(blacklistedtoken__isnull=True).values_list("id", flat=True))
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token_id=pk) for pk in ids], ignore_conflicts=True
    )
    return len(ids)


def outstand(payload: Dict[str, Any], encoded: str) -> None:
    """Record an issued refresh token: simplejwt < 5.5 does not for rotated tokens, and
    sign-out everywhere and family revocation blacklist through OutstandingToken."""
    user = (
        get_user_model()
        .objects.filter(**{api_settings.USER_ID_FIELD: payload.get(api_settings.USER_ID_CLAIM)})
        .first()
    )
    OutstandingToken.objects.get_or_create(
        jti=payload[api_settings.JTI_CLAIM],
        defaults={
            "user": user,
            "token": encoded,
            "created_at": datetime_from_epoch(payload["iat"]),
            "expires_at": datetime_from_epoch(payload["exp"]),
        },
    )
