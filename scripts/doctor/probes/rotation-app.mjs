// django/simplejwt-rotation: a rotated refresh token presented again at once gets the same
// successor (its overlap period) instead of 401. Stock simplejwt never answers that.
import { ok } from "../findings.mjs";
import { readClaims } from "../jwt.mjs";

/** True when `repeat` is the very pair the first rotation returned: the app's overlap repeat. */
export function isOverlapRepeat(successor, repeat) {
  return Boolean(repeat?.refresh) && repeat.refresh === successor.refresh;
}

/** Reports the app and what Django now guarantees by itself, for any client. */
export function reportRotationApp(ctx, { successor, elapsedMs }) {
  ctx.rotationApp = true;
  const hasAuthTime = typeof readClaims(successor.refresh)?.auth_time === "number";
  const guarantees = [
    "atomic rotation (concurrent refreshes of one token: one rotation, every caller gets the same successor)",
    `an overlap period (the rotated token, presented again ${elapsedMs} ms later, got the same successor, so a retry after a lost answer recovers; its length is SIMPLE_JWT_ROTATION["OVERLAP_SECONDS"], 15 s by default, not measured: past it the probe would trigger reuse detection)`,
    "reuse detection after the overlap (every token descended from the replayed one is revoked, unless REUSE_DETECTION is False)",
    hasAuthTime
      ? "rotated tokens carry auth_time (an ABSOLUTE_LIFETIME, if set, caps every successor)"
      : null,
  ].filter(Boolean);
  ctx.add(
    ok(
      "rotation_app",
      "Rotation app",
      `simplejwt_rotation detected. Django now gives by itself: ${guarantees.join("; ")}. Set DJANGO_LOGOUT_ALL_PATH (e.g. token/logout-all/) to offer "Sign out of all devices"`,
    ),
  );
}
