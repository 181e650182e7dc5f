"""Each feature through the HTTP views, in one process (the concurrency is test_concurrency)."""
from datetime import timedelta
from io import StringIO
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_to_epoch

from simplejwt_rotation.models import Rotation
from simplejwt_rotation.settings import rotation_settings

from .helpers import LOGOUT_ALL, REFRESH, STOCK_REFRESH, decode, login_token, make_user, post

# simplejwt >= 5.4 looks the user up on refresh and refuses an inactive one.
CHECKS_ACTIVE_ON_REFRESH = "no_active_account" in TokenRefreshSerializer.default_error_messages


def rotation_setting(**values):
    return override_settings(SIMPLE_JWT_ROTATION={"OVERLAP_SECONDS": 15, **values})


def age_rotation(jti: str, seconds: int) -> None:
    """Make a rotation look older than it is, instead of sleeping through the overlap."""
    Rotation.objects.filter(jti=jti).update(rotated_at=timezone.now() - timedelta(seconds=seconds))


class RotationTests(TestCase):
    def setUp(self):
        self.user = make_user()
        self.token = login_token(self.user)

    def refresh(self, token, url=REFRESH):
        return post(self.client, url, {"refresh": str(token)})

    def test_refresh_rotates_like_simplejwt(self):
        status, body = self.refresh(self.token)
        self.assertEqual(status, 200)
        self.assertEqual(set(body), {"access", "refresh"})
        self.assertNotEqual(body["refresh"], str(self.token))
        self.assertTrue(BlacklistedToken.objects.filter(token__jti=self.token["jti"]).exists())
        # Recorded for logout-all even on simplejwt 5.2, which does not outstand rotated tokens.
        self.assertTrue(OutstandingToken.objects.filter(jti=decode(body["refresh"])["jti"]).exists())

    def test_overlap_repeat_returns_the_same_body(self):
        first = self.refresh(self.token)
        second = self.refresh(self.token)
        self.assertEqual(first, second)
        self.assertEqual(first[0], 200)
        self.assertEqual(Rotation.objects.exclude(successor_jti="").count(), 1)

    def test_successor_rotates_in_turn(self):
        _, body = self.refresh(self.token)
        status, body2 = self.refresh(body["refresh"])
        self.assertEqual(status, 200)
        self.assertNotEqual(body2["refresh"], body["refresh"])
        family = set(Rotation.objects.values_list("family_id", flat=True))
        self.assertEqual(family, {self.token["jti"]})

    def test_reuse_after_overlap_revokes_every_descendant(self):
        _, b = self.refresh(self.token)
        _, c = self.refresh(b["refresh"])
        age_rotation(self.token["jti"], 60)
        status, body = self.refresh(self.token)
        self.assertEqual(status, 401)
        self.assertEqual(body["code"], "token_not_valid")
        self.assertIn("detail", body)
        for descendant in (b["refresh"], c["refresh"]):
            self.assertEqual(self.refresh(descendant)[1].get("code"), "token_not_valid")

    def test_reuse_from_the_middle_spares_nothing_after_it_only(self):
        other = login_token(self.user)  # another session of the same user
        _, b = self.refresh(self.token)
        _, c = self.refresh(b["refresh"])
        age_rotation(decode(b["refresh"])["jti"], 60)
        self.assertEqual(self.refresh(b["refresh"])[0], 401)
        self.assertEqual(self.refresh(c["refresh"])[0], 401)
        self.assertEqual(self.refresh(other)[0], 200)

    def test_reuse_revokes_a_descendant_rotated_on_a_slow_clock(self):
        # Several hosts: the one that rotated b runs an hour behind the one that rotated the
        # login token, so b's rotation is recorded as older than the token it descends from.
        _, b = self.refresh(self.token)
        age_rotation(self.token["jti"], 60)
        with mock.patch(
            "simplejwt_rotation.serializers.timezone.now",
            return_value=timezone.now() - timedelta(hours=1),
        ):
            _, c = self.refresh(b["refresh"])
        b_row = Rotation.objects.get(jti=decode(b["refresh"])["jti"])
        self.assertLess(b_row.rotated_at, Rotation.objects.get(jti=self.token["jti"]).rotated_at)
        self.assertEqual(self.refresh(self.token)[0], 401)
        status, body = self.refresh(c["refresh"])
        self.assertEqual((status, body.get("code")), (401, "token_not_valid"))
        c_jti = decode(c["refresh"])["jti"]
        self.assertTrue(BlacklistedToken.objects.filter(token__jti=c_jti).exists())

    @rotation_setting(REUSE_DETECTION=False)
    def test_reuse_detection_off_refuses_without_revoking(self):
        _, b = self.refresh(self.token)
        age_rotation(self.token["jti"], 60)
        status, body = self.refresh(self.token)
        self.assertEqual((status, body["code"]), (401, "token_not_valid"))
        self.assertEqual(self.refresh(b["refresh"])[0], 200)

    @rotation_setting(OVERLAP_SECONDS=0)
    def test_no_overlap_means_an_immediate_repeat_is_reuse(self):
        _, b = self.refresh(self.token)
        self.assertEqual(self.refresh(self.token)[0], 401)
        self.assertEqual(self.refresh(b["refresh"])[0], 401)

    def test_overlap_repeat_refused_once_the_successor_is_rotated(self):
        _, b = self.refresh(self.token)
        _, c = self.refresh(b["refresh"])
        status, body = self.refresh(self.token)
        self.assertEqual((status, body["code"]), (401, "token_not_valid"))
        # Within the overlap it is not evidence of theft: the chain lives on.
        self.assertEqual(self.refresh(c["refresh"])[0], 200)

    def test_overlap_repeat_refused_after_logout_of_the_successor(self):
        _, b = self.refresh(self.token)
        self.assertEqual(post(self.client, "/api/token/blacklist/", {"refresh": b["refresh"]})[0], 200)
        self.assertEqual(self.refresh(self.token)[0], 401)

    def test_token_blacklisted_by_logout_is_refused_and_leaves_no_row(self):
        post(self.client, "/api/token/blacklist/", {"refresh": str(self.token)})
        status, body = self.refresh(self.token)
        self.assertEqual((status, body["code"]), (401, "token_not_valid"))
        self.assertFalse(Rotation.objects.exists())

    def test_garbage_token(self):
        status, body = self.refresh("not-a-token")
        self.assertEqual((status, body["code"]), (401, "token_not_valid"))

    def test_auth_time_is_the_login_time_and_is_inherited(self):
        _, b = self.refresh(self.token)
        _, c = self.refresh(b["refresh"])
        for encoded in (b["refresh"], b["access"], c["refresh"], c["access"]):
            self.assertEqual(decode(encoded)["auth_time"], self.token["iat"])

    def test_absolute_lifetime_off_by_default(self):
        self.assertIsNone(rotation_settings().absolute_lifetime)
        self.token["auth_time"] = datetime_to_epoch(timezone.now() - timedelta(days=400))
        status, body = self.refresh(self.token)
        self.assertEqual(status, 200)
        lifetime = api_settings.REFRESH_TOKEN_LIFETIME.total_seconds()
        payload = decode(body["refresh"])
        self.assertEqual(payload["exp"] - payload["iat"], lifetime)

    @rotation_setting(ABSOLUTE_LIFETIME=timedelta(seconds=60))
    def test_absolute_lifetime_caps_the_successors(self):
        _, b = self.refresh(self.token)
        deadline = self.token["iat"] + 60
        self.assertEqual(decode(b["refresh"])["exp"], deadline)
        self.assertLessEqual(decode(b["access"])["exp"], deadline)

    @rotation_setting(ABSOLUTE_LIFETIME=60)
    def test_absolute_lifetime_passed_is_refused(self):
        self.token["auth_time"] = datetime_to_epoch(timezone.now() - timedelta(seconds=61))
        status, body = self.refresh(self.token)
        self.assertEqual((status, body["code"]), (401, "token_not_valid"))
        self.assertFalse(Rotation.objects.exists())

    def test_inactive_user_answers_as_stock_simplejwt(self):
        stock_token = login_token(self.user)
        self.user.is_active = False
        self.user.save()
        stock = self.refresh(stock_token, url=STOCK_REFRESH)
        ours = self.refresh(self.token)
        self.assertEqual(ours[0], 401 if CHECKS_ACTIVE_ON_REFRESH else 200)
        self.assertEqual(ours[0], stock[0])
        if CHECKS_ACTIVE_ON_REFRESH:
            # DRF's body for AuthenticationFailed("...", "no_active_account") is {"detail": ...}.
            self.assertEqual(ours[1], stock[1])

    def test_overlap_repeat_checks_the_user_like_simplejwt(self):
        self.refresh(self.token)
        self.user.is_active = False
        self.user.save()
        stock_token = login_token(self.user)
        status, body = self.refresh(self.token)
        self.assertEqual(status, 401 if CHECKS_ACTIVE_ON_REFRESH else 200)
        if CHECKS_ACTIVE_ON_REFRESH:
            self.assertEqual(body, self.refresh(stock_token, url=STOCK_REFRESH)[1])

    def test_without_rotation_it_is_stock_simplejwt(self):
        # simplejwt 5.2 does not reload its settings on override_settings: patch them.
        with mock.patch.object(api_settings, "ROTATE_REFRESH_TOKENS", False):
            status, body = self.refresh(self.token)
            self.assertEqual((status, set(body)), (200, {"access"}))
            post(self.client, "/api/token/blacklist/", {"refresh": str(self.token)})
            self.assertEqual(self.refresh(self.token)[1].get("code"), "token_not_valid")
        self.assertFalse(Rotation.objects.exists())

    def test_prune_rotations(self):
        _, b = self.refresh(self.token)
        age_rotation(self.token["jti"], 60)
        Rotation.objects.create(jti="old", family_id="old", expires_at=timezone.now() - timedelta(1))
        call_command("prune_rotations", stdout=StringIO())
        self.assertFalse(Rotation.objects.filter(jti="old").exists())
        row = Rotation.objects.get(jti=self.token["jti"])
        self.assertEqual((row.successor_refresh, row.successor_access), ("", ""))
        # A pruned pair is no longer repeated: the old token is then plain reuse.
        self.assertEqual(self.refresh(self.token)[0], 401)

    @override_settings(SIMPLE_JWT_ROTATION={"OVERLAP": 15})
    def test_unknown_setting_is_an_error(self):
        with self.assertRaises(ImproperlyConfigured):
            rotation_settings()


class LogoutAllTests(TestCase):
    def setUp(self):
        self.user = make_user()

    def logout_all(self, access):
        return post(self.client, LOGOUT_ALL, {}, HTTP_AUTHORIZATION=f"Bearer {access}")

    def test_every_refresh_token_of_the_user_stops_working(self):
        laptop, phone = login_token(self.user), login_token(self.user)
        bystander = login_token(make_user("bob"))
        _, rotated = post(self.client, REFRESH, {"refresh": str(laptop)})
        status, body = self.logout_all(rotated["access"])
        self.assertEqual((status, body), (200, {"status": "signed_out_everywhere"}))
        for token in (laptop, rotated["refresh"], phone):  # laptop is still within its overlap
            status, body = post(self.client, REFRESH, {"refresh": str(token)})
            self.assertEqual((status, body.get("code")), (401, "token_not_valid"))
        self.assertEqual(post(self.client, REFRESH, {"refresh": str(bystander)})[0], 200)

    def test_login_after_signing_out_works(self):
        self.logout_all(login_token(self.user).access_token)
        status, tokens = post(self.client, "/api/token/", {"username": "alice", "password": "pw-123456"})
        self.assertEqual(status, 200)
        self.assertEqual(post(self.client, REFRESH, {"refresh": tokens["refresh"]})[0], 200)

    def test_tokens_outstanding_never_saw_are_refused_too(self):
        # Like a token rotated by stock simplejwt 5.2 before the app was installed.
        untracked = RefreshToken()
        untracked[api_settings.USER_ID_CLAIM] = self.user.pk
        untracked.set_iat(at_time=timezone.now() - timedelta(minutes=5))
        self.logout_all(login_token(self.user).access_token)
        status, body = post(self.client, REFRESH, {"refresh": str(untracked)})
        self.assertEqual((status, body.get("code")), (401, "token_not_valid"))

    def test_requires_an_access_token(self):
        self.assertEqual(post(self.client, LOGOUT_ALL, {})[0], 401)
        refresh = login_token(self.user)
        self.assertEqual(self.logout_all(refresh)[0], 401)  # a refresh token is not an access token
