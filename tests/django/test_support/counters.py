import threading

FIELDS = ("rotations", "rejected", "forks", "faults_served")


class RefreshCounters:
    """Per-user tallies of what happened to refresh calls.

    Process memory behind a lock: runserver is one process with one thread per request.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {}
        self._rotated_jtis = {}

    def record_rotation(self, user_key, presented_jti):
        with self._lock:
            counts = self._counts_for(user_key)
            counts["rotations"] += 1
            rotated = self._rotated_jtis.setdefault(user_key, set())
            # A refresh token that was already rotated once was rotated again:
            # the token chain forked (simplejwt 5.x does not lock the blacklist).
            if presented_jti is not None and presented_jti in rotated:
                counts["forks"] += 1
            rotated.add(presented_jti)

    def record(self, user_key, field):
        with self._lock:
            self._counts_for(user_key)[field] += 1

    def read(self, user_key):
        with self._lock:
            return dict(self._counts.get(user_key) or dict.fromkeys(FIELDS, 0))

    def reset(self, user_key):
        with self._lock:
            self._counts.pop(user_key, None)
            self._rotated_jtis.pop(user_key, None)

    def _counts_for(self, user_key):
        return self._counts.setdefault(user_key, dict.fromkeys(FIELDS, 0))


counters = RefreshCounters()
