"""10 concurrent refreshes of one token through a live server (real HTTP, one DB connection
per request thread, a file-based SQLite database or PostgreSQL), and reuse detection racing a
thief's rotations (the serializer on threads, PostgreSQL)."""
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta
from importlib.metadata import version
from typing import Dict, List, Optional, Tuple
from unittest import mock, skipUnless

import django
from django.db import connection, connections
from django.test import LiveServerTestCase, TransactionTestCase
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from simplejwt_rotation import serializers
from simplejwt_rotation.models import Rotation

from .helpers import REFRESH, STOCK_REFRESH, decode, login_token, make_user

CALLERS = 10
ROUNDS = 3


class ConcurrentRefreshTests(LiveServerTestCase):
    host = "127.0.0.1"

    def setUp(self):
        self.user = make_user()

    def refresh_at_once(self, path: str, refresh: str) -> List[Tuple[Optional[int], dict]]:
        barrier = threading.Barrier(CALLERS)
        results: List[Tuple[Optional[int], dict]] = [(None, {})] * CALLERS

        def call(i: int) -> None:
            request = urllib.request.Request(
                self.live_server_url + path,
                data=json.dumps({"refresh": refresh}).encode(),
                headers={"Content-Type": "application/json"},
            )
            barrier.wait()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    results[i] = (response.status, json.loads(response.read()))
            except urllib.error.HTTPError as error:
                body = error.read()
                try:
                    results[i] = (error.code, json.loads(body))
                except ValueError:
                    results[i] = (error.code, {"raw": body[:80].decode(errors="replace")})

        threads = [threading.Thread(target=call, args=(i,)) for i in range(CALLERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def test_the_app_rotates_exactly_once_and_answers_everyone_alike(self):
        for _ in range(ROUNDS):
            # A login token (no row yet: the insert serialises) then its successor (its row
            # already exists: SELECT ... FOR UPDATE, or SQLite's write lock, serialises).
            refresh = str(login_token(self.user))
            for _ in range(2):
                results = self.refresh_at_once(REFRESH, refresh)
                self.assertEqual([status for status, _ in results], [200] * CALLERS, results)
                self.assertEqual(len({body["refresh"] for _, body in results}), 1)
                self.assertEqual(len({body["access"] for _, body in results}), 1)
                jti = RefreshToken(refresh, verify=False)["jti"]
                rotated = Rotation.objects.get(jti=jti)
                self.assertEqual(rotated.successor_refresh, results[0][1]["refresh"])
                self.assertEqual(BlacklistedToken.objects.filter(token__jti=jti).count(), 1)
                refresh = results[0][1]["refresh"]
        self.assertEqual(Rotation.objects.exclude(successor_jti="").count(), 2 * ROUNDS)

    def test_atomic_requests_do_not_change_it(self):
        with mock.patch.dict(connection.settings_dict, {"ATOMIC_REQUESTS": True}):
            results = self.refresh_at_once(REFRESH, str(login_token(self.user)))
        self.assertEqual([status for status, _ in results], [200] * CALLERS, results)
        self.assertEqual(len({body["refresh"] for _, body in results}), 1)

    def test_stock_simplejwt_control(self):
        """The hazard the app removes. How stock splits its damage between refused callers and
        forks is racy, so the split is reported; that it does damage is asserted: no round ends
        as every round ends with the app (every caller 200, one successor)."""
        reports = []
        for _ in range(ROUNDS):
            results = self.refresh_at_once(STOCK_REFRESH, str(login_token(self.user)))
            self.assertNotIn(None, [status for status, _ in results])  # everyone got an answer
            statuses = Counter(status for status, _ in results)
            distinct = len({body["refresh"] for status, body in results if status == 200})
            refused = CALLERS - statuses[200]
            self.assertTrue(refused > 0 or distinct > 1, f"stock did no damage: {results}")
            others = ", ".join(f"{n} x {s}" for s, n in sorted(statuses.items()) if s != 200)
            reports.append(
                f"{statuses[200]} x 200 ({distinct} distinct refresh tokens)"
                + (f", {others}" if others else "")
            )
        print(
            f"\nSTOCK CONTROL [Django {django.get_version()}, simplejwt "
            f"{version('djangorestframework_simplejwt')}, {connection.vendor}] "
            f"{CALLERS} concurrent refreshes of one token, {ROUNDS} rounds: " + " | ".join(reports),
            file=sys.stderr,
        )


RACE_ROUNDS = 20
# Each round lets the thief rotate this many times before the old token is presented, so that
# the revocation meets it mid-loop, usually with a rotation in flight.
THIEF_HEAD_START = 3


def refresh_directly(token: str) -> Dict[str, str]:
    """What the refresh view does, without HTTP: the thread's own database connection."""
    serializer = serializers.RotatingTokenRefreshSerializer(data={"refresh": token})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class Refresh(threading.Thread):
    """One refresh on its own thread and connection; keeps the answer or the exception."""

    def __init__(self, token: str):
        super().__init__(daemon=True)
        self.token = token
        self.data: Optional[Dict[str, str]] = None
        self.error: Optional[Exception] = None

    def run(self) -> None:
        try:
            self.data = refresh_directly(self.token)
        except Exception as error:  # TokenError expected; anything else fails the test
            self.error = error
        finally:
            connections.close_all()


def wait_until_someone_waits_on_a_lock(timeout: float = 10) -> bool:
    """True once another connection to the test database is queued on a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.005)
    return False


@skipUnless(
    connection.vendor == "postgresql",
    "SQLite takes its one write lock for a whole rotation or revocation, so the two cannot "
    "interleave there; PostgreSQL locks rows, and they can",
)
class RevocationRaceTests(TransactionTestCase):
    """A thief keeps rotating the newest token while the owner presents an old one after the
    overlap: whatever the interleaving, the thief's newest token must end up blacklisted."""

    def setUp(self):
        self.user = make_user()

    def chain(self) -> Tuple[str, str]:
        """A login token rotated twice; the login token's rotation is past the overlap."""
        login = login_token(self.user)
        second = refresh_directly(str(login))["refresh"]
        newest = refresh_directly(second)["refresh"]
        Rotation.objects.filter(jti=login["jti"]).update(
            rotated_at=timezone.now() - timedelta(seconds=60)
        )
        return str(login), newest

    def assert_reuse_detected(self, call: Refresh) -> None:
        self.assertIsInstance(call.error, TokenError, call.error or call.data)
        self.assertIn("already rotated", str(call.error))

    def assert_blacklisted(self, token: str) -> None:
        with self.assertRaisesRegex(TokenError, "blacklisted"):
            refresh_directly(token)

    def test_a_rotation_in_flight_is_followed_by_the_revocation(self):
        """The thief's rotation holds the newest row's lock (and has passed its blacklist check)
        when the revocation starts: the revocation must wait for it and revoke its successor."""
        login, newest = self.chain()
        in_flight, release = threading.Event(), threading.Event()
        outstand = serializers.outstand

        def outstand_then_pause(payload, encoded):
            outstand(payload, encoded)
            in_flight.set()
            release.wait(10)

        with mock.patch.object(serializers, "outstand", outstand_then_pause):
            thief = Refresh(newest)
            thief.start()
            self.assertTrue(in_flight.wait(10), "the thief's rotation never started")
            owner = Refresh(login)
            owner.start()
            waited = wait_until_someone_waits_on_a_lock()
            release.set()
            thief.join(20)
            owner.join(20)
        self.assertTrue(waited, "the revocation did not wait for the rotation in flight")
        self.assertIsNone(thief.error)  # it committed before the revocation went past it
        self.assert_reuse_detected(owner)
        self.assert_blacklisted(thief.data["refresh"])

    def test_a_rotation_arriving_during_the_revocation_waits_and_is_refused(self):
        """The revocation has blacklisted the newest token (not yet committed) when the thief
        presents it: the thief must wait for the revocation and then be refused."""
        login, newest = self.chain()
        newest_jti = decode(newest)["jti"]
        revoking, release = threading.Event(), threading.Event()
        blacklist_outstanding = serializers.blacklist_outstanding

        def blacklist_then_pause(outstanding):
            count = blacklist_outstanding(outstanding)
            if outstanding.filter(jti=newest_jti).exists():
                revoking.set()
                release.wait(10)
            return count

        with mock.patch.object(serializers, "blacklist_outstanding", blacklist_then_pause):
            owner = Refresh(login)
            owner.start()
            self.assertTrue(revoking.wait(10), "the revocation never reached the newest token")
            thief = Refresh(newest)
            thief.start()
            waited = wait_until_someone_waits_on_a_lock()
            release.set()
            owner.join(20)
            thief.join(20)
        self.assertTrue(waited, "the thief's rotation did not wait for the revocation")
        self.assert_reuse_detected(owner)
        self.assertIsInstance(thief.error, TokenError, thief.error or thief.data)
        self.assertIn("blacklisted", str(thief.error))
        self.assert_blacklisted(newest)

    def test_a_thief_rotating_in_a_tight_loop_is_always_cut_off(self):
        """No pause this time: the revocation meets the thief wherever it happens to be."""
        for round_ in range(RACE_ROUNDS):
            login, newest = self.chain()
            thief = Thief(newest)
            thief.start()
            self.assertTrue(thief.head_start.wait(10))
            owner = Refresh(login)
            owner.run()  # on this thread, while the thief goes on
            # Once the revocation has committed, the thief's next rotation must be refused;
            # still rotating a second later, it was not.
            thief.join(1)
            thief.stop.set()
            thief.join(10)
            where = f"round {round_ + 1}, after {thief.rotations} rotations"
            self.assertIsInstance(owner.error, TokenError, f"{where}: {owner.error or owner.data}")
            self.assertIsInstance(thief.error, TokenError, f"{where}: the thief was not cut off")
            self.assertIn("blacklisted", str(thief.error), where)
            with self.assertRaisesRegex(TokenError, "blacklisted", msg=where):
                refresh_directly(thief.newest)


class Thief(threading.Thread):
    """Rotates the newest token it holds as fast as it can, until refused or stopped."""

    def __init__(self, token: str):
        super().__init__(daemon=True)
        self.newest = token
        self.rotations = 0
        self.error: Optional[Exception] = None
        self.head_start = threading.Event()
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.newest = refresh_directly(self.newest)["refresh"]
                self.rotations += 1
                if self.rotations == THIEF_HEAD_START:
                    self.head_start.set()
        except Exception as error:  # TokenError ends the loop as intended
            self.error = error
        finally:
            self.head_start.set()
            connections.close_all()
