import threading

# repeats: a 200 that handed an already rotated token its same successor again (only with the
# simplejwt_rotation app's overlap period); it is neither a rotation nor a fork.
FIELDS = ("rotations", "rejected", "forks", "faults_served", "repeats")


class RefreshCounters:
    """Per-user tallies of what happened to refresh calls.

    Process memory behind a lock: runserver is one process with one thread per request.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {}
        self._rotated_jtis = {}

    def record_rotation(self, user_key, presented_jti, issued_jti=None):
        with self._lock:
            counts = self._counts_for(user_key)
            rotated = self._rotated_jtis.setdefault(user_key, {})
            successors = rotated.setdefault(presented_jti, set())
            if issued_jti is not None and issued_jti in successors:
                counts["repeats"] += 1
                return
            counts["rotations"] += 1
            # A refresh token that was already rotated once was rotated again:
            # the token chain forked (simplejwt 5.x does not lock the blacklist).
            if presented_jti is not None and successors:
                counts["forks"] += 1
            successors.add(issued_jti)

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
