import threading
from collections import namedtuple

Fault = namedtuple("Fault", ["mode", "delay_ms", "status"])

# error: 503 JSON; status: `status` with a JSON body (429 adds Retry-After); html200: a 200
# maintenance page in HTML; truncated: a 200 whose JSON is cut off; delay: sleep, then let the
# view run; slow_answer: let the view run (a refresh rotates at once), then sleep before answering;
# lost_answer: let the view run (and commit), then answer 502 instead, as a gateway losing it.
MODES = ("error", "status", "html200", "truncated", "delay", "slow_answer", "lost_answer")
# Modes where the view still runs: the fault only changes when or what the caller hears.
VIEW_RUNS = ("delay", "slow_answer", "lost_answer")
# token: sign-in; access: any view authenticated by an access token (me/, _test/echo/).
ENDPOINTS = ("refresh", "blacklist", "token", "access")


class FaultPlan:
    """Faults armed per user and endpoint, each for a number of calls, then disarmed."""

    def __init__(self):
        self._lock = threading.Lock()
        self._armed = {}

    def arm(self, user_key, endpoint, mode, delay_ms, count, status=None):
        with self._lock:
            self._armed[(user_key, endpoint)] = {
                "fault": Fault(mode, delay_ms, status),
                "remaining": count,
            }

    def disarm(self, user_key):
        with self._lock:
            for endpoint in ENDPOINTS:
                self._armed.pop((user_key, endpoint), None)

    def take(self, user_key, endpoint):
        """The fault for this call, if one is armed; uses up one of its count."""
        with self._lock:
            entry = self._armed.get((user_key, endpoint))
            if entry is None:
                return None
            entry["remaining"] -= 1
            if entry["remaining"] <= 0:
                del self._armed[(user_key, endpoint)]
            return entry["fault"]


faults = FaultPlan()
