"""simplejwt's RefreshToken with the original authentication time and an absolute lifetime."""
from datetime import datetime
from typing import Optional

from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch, datetime_to_epoch

from .settings import rotation_settings


class RotationRefreshToken(RefreshToken):
    def check_blacklist(self) -> None:
        # Deferred: the serializer checks the blacklist under the rotation lock, because a
        # token rotated during the overlap period is answered, not refused.
        pass

    def verify(self, *args, **kwargs) -> None:
        super().verify(*args, **kwargs)
        claim = rotation_settings().auth_time_claim
        # A token without the claim (issued by the stock login view, or before this app was
        # installed) was authenticated when it was issued; its successors inherit the claim.
        if claim not in self.payload:
            self.payload[claim] = self.payload.get("iat", datetime_to_epoch(self.current_time))
        deadline = self.absolute_deadline()
        if deadline is not None and self.current_time >= deadline:
            raise TokenError(_("Token has passed its absolute lifetime"))

    def absolute_deadline(self) -> Optional[datetime]:
        conf = rotation_settings()
        auth_time = self.payload.get(conf.auth_time_claim)
        if conf.absolute_lifetime is None or auth_time is None:
            return None
        return datetime_from_epoch(auth_time) + conf.absolute_lifetime

    def set_exp(self, claim: str = "exp", from_time=None, lifetime=None) -> None:
        super().set_exp(claim, from_time, lifetime)
        if claim == "exp":
            _cap_exp(self, self.absolute_deadline())

    @property
    def access_token(self) -> AccessToken:
        access = super().access_token
        _cap_exp(access, self.absolute_deadline())
        return access


def _cap_exp(token, deadline: Optional[datetime]) -> None:
    if deadline is not None:
        token.payload["exp"] = min(token.payload["exp"], datetime_to_epoch(deadline))
