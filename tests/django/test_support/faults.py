import threading
from collections import namedtuple

Fault = namedtuple("Fault", ["mode", "delay_ms"])

MODES = ("error", "delay")


class FaultPlan:
    """Faults armed per user, each for a number of refresh calls, then disarmed."""

    def __init__(self):
        self._lock = threading.Lock()
        self._armed = {}

    def arm(self, user_key, mode, delay_ms, count):
        with self._lock:
            self._armed[user_key] = {"fault": Fault(mode, delay_ms), "remaining": count}

    def disarm(self, user_key):
        with self._lock:
            self._armed.pop(user_key, None)

    def take(self, user_key):
        """The fault for this refresh call, if one is armed; uses up one of its count."""
        with self._lock:
            entry = self._armed.get(user_key)
            if entry is None:
                return None
            entry["remaining"] -= 1
            if entry["remaining"] <= 0:
                del self._armed[user_key]
            return entry["fault"]


faults = FaultPlan()
