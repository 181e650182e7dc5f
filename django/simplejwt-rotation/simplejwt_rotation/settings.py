"""The app's settings: the `SIMPLE_JWT_ROTATION` dict in Django settings, read on every use so
that `override_settings` and per-environment settings work without a reload."""
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional, Union

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS = {
    # A token rotated less than this many seconds ago returns the same successor again.
    "OVERLAP_SECONDS": 15,
    # A rotated token presented after the overlap revokes every token descended from it.
    "REUSE_DETECTION": True,
    # None: off. A timedelta or a number of seconds: no token outlives auth_time + this.
    "ABSOLUTE_LIFETIME": None,
    # The claim carrying the original authentication time (epoch seconds).
    "AUTH_TIME_CLAIM": "auth_time",
}


@dataclass(frozen=True)
class RotationSettings:
    overlap: timedelta
    reuse_detection: bool
    absolute_lifetime: Optional[timedelta]
    auth_time_claim: str


def _as_timedelta(name: str, value: Union[None, int, float, timedelta]) -> Optional[timedelta]:
    if value is None or isinstance(value, timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=value)
    raise ImproperlyConfigured(f"SIMPLE_JWT_ROTATION[{name!r}] must be seconds or a timedelta")


def rotation_settings() -> RotationSettings:
    user = getattr(settings, "SIMPLE_JWT_ROTATION", {}) or {}
    unknown = set(user) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(f"Unknown SIMPLE_JWT_ROTATION keys: {sorted(unknown)}")
    merged = {**DEFAULTS, **user}
    overlap = _as_timedelta("OVERLAP_SECONDS", merged["OVERLAP_SECONDS"])
    return RotationSettings(
        overlap=overlap or timedelta(0),
        reuse_detection=bool(merged["REUSE_DETECTION"]),
        absolute_lifetime=_as_timedelta("ABSOLUTE_LIFETIME", merged["ABSOLUTE_LIFETIME"]),
        auth_time_claim=str(merged["AUTH_TIME_CLAIM"]),
    )
