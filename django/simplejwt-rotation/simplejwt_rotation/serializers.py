"""The refresh serializer: simplejwt's own rotation, run exactly once per token under a lock
keyed by the token's jti; later callers get the stored successor or trigger reuse detection."""
from typing import Any, Dict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from .blacklist import blacklist_outstanding, is_blacklisted, outstand
from .models import Rotation, SignOut
from .settings import RotationSettings, rotation_settings
from .tokens import RotationRefreshToken

BLACKLISTED = _("Token is blacklisted")
REUSE_DETECTED = _("Token was already rotated; every token descended from it is revoked")


class RotatingTokenRefreshSerializer(TokenRefreshSerializer):
    token_class = RotationRefreshToken

    def validate(self, attrs: Dict[str, Any]) -> Dict[str, str]:
        if not (api_settings.ROTATE_REFRESH_TOKENS and api_settings.BLACKLIST_AFTER_ROTATION):
            # No rotation, or old tokens stay valid anyway: nothing to guard. Stock simplejwt,
            # stock blacklist check included.
            self.token_class = RefreshToken
            return super().validate(attrs)

        token = self.token_class(attrs["refresh"])  # signature, expiry, type, absolute lifetime
        conf = rotation_settings()
        self._check_signed_out(token, conf)
        with transaction.atomic():
            row = self._lock(token)
            if not row.successor_jti:
                return self._rotate(row, attrs)
            if self._in_overlap(row, conf) and not is_blacklisted(row.successor_jti):
                self._check_user_active(token)
                return {"access": row.successor_access, "refresh": row.successor_refresh}
            reuse = conf.reuse_detection and not self._in_overlap(row, conf)
            if reuse:
                self._revoke_descendants(row)
        # Raised outside the block so that a revocation commits.
        raise TokenError(REUSE_DETECTED if reuse else BLACKLISTED)

    @staticmethod
    def _lock(token: RefreshToken) -> Rotation:
        # Write before reading: SQLite then takes its write lock up front (a read lock upgraded
        # later deadlocks with "database is locked"); on PostgreSQL a concurrent insert of the
        # same jti waits for the first transaction to commit, then FOR UPDATE serialises.
        jti = token[api_settings.JTI_CLAIM]
        Rotation.objects.bulk_create(
            [Rotation(jti=jti, family_id=jti, expires_at=datetime_from_epoch(token["exp"]))],
            ignore_conflicts=True,
        )
        return Rotation.objects.select_for_update().get(jti=jti)

    def _rotate(self, row: Rotation, attrs: Dict[str, Any]) -> Dict[str, str]:
        if is_blacklisted(row.jti):  # blacklisted by logout or revocation, not by a rotation
            raise TokenError(BLACKLISTED)
        # simplejwt's own rotation: user check (5.4+), blacklist, new jti/exp/iat, outstand (5.5+).
        data = super().validate(attrs)
        successor = RefreshToken(data["refresh"], verify=False).payload  # just signed by us
        outstand(successor, data["refresh"])
        row.successor_jti = successor[api_settings.JTI_CLAIM]
        row.successor_refresh = data["refresh"]
        row.successor_access = data["access"]
        row.rotated_at = timezone.now()
        row.save()
        # The successor's row carries the family forward, whatever is pruned behind it.
        Rotation.objects.create(
            jti=row.successor_jti,
            family_id=row.family_id,
            expires_at=datetime_from_epoch(successor["exp"]),
        )
        return data

    @staticmethod
    def _in_overlap(row: Rotation, conf: RotationSettings) -> bool:
        return bool(row.successor_refresh) and timezone.now() - row.rotated_at < conf.overlap

    @staticmethod
    def _revoke_descendants(row: Rotation) -> None:
        """Follow the successor links from the reused token's (locked) row, locking each row in
        chain order, then blacklist the tokens before the locks go at commit. A rotation in
        flight holds its row's lock: the walk waits, then finds the successor it committed. A
        rotation that comes later waits for the commit, then finds its token blacklisted
        (`_rotate` checks under the lock). Links, not `rotated_at`: other hosts' clocks write
        that. Rows are taken in chain order, and a rotation takes one, so nothing deadlocks."""
        descendants = []
        jti = row.successor_jti
        while jti:
            descendants.append(jti)
            # Committed with the token it names; gone only once that token expired (pruned).
            jti = (
                Rotation.objects.select_for_update()
                .filter(jti=jti)
                .values_list("successor_jti", flat=True)
                .first()
            ) or ""
        blacklist_outstanding(OutstandingToken.objects.filter(jti__in=descendants))

    @staticmethod
    def _check_signed_out(token: RefreshToken, conf: RotationSettings) -> None:
        cutoff = (
            SignOut.objects.filter(user_id=str(token.payload.get(api_settings.USER_ID_CLAIM)))
            .values_list("signed_out_at", flat=True)
            .first()
        )
        # Whole seconds: a token authenticated in the sign-out's own second is left to the
        # blacklist, so that a login right after signing out works.
        if cutoff is not None and token[conf.auth_time_claim] < int(cutoff.timestamp()):
            raise TokenError(BLACKLISTED)

    def _check_user_active(self, token: RefreshToken) -> None:
        # simplejwt >= 5.4 refuses an inactive user on refresh; an overlap repeat must as well.
        if "no_active_account" not in self.error_messages:
            return
        user = (
            get_user_model()
            .objects.filter(
                **{api_settings.USER_ID_FIELD: token.payload.get(api_settings.USER_ID_CLAIM)}
            )
            .first()
        )
        if user is not None and not api_settings.USER_AUTHENTICATION_RULE(user):
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            )
