// Clock skew between this machine and Django, bounded from both sides: Django's Date header and a
// token's iat each give Django's time to the second, taken between our send and our receipt.
import { ACCESS_LEEWAY_MS } from "../constants.mjs";
import { fail, ok, warn } from "../findings.mjs";
import { readClaims } from "../jwt.mjs";

const FIX = "synchronize both clocks (NTP), and run the doctor on the machine that runs Next";

/** @returns {{ low: number, high: number } | null} Django's clock minus ours, in ms */
export function estimateSkew(log, issued) {
  const samples = [
    ...log.filter((entry) => entry.date !== null).map((entry) => ({ ...entry, at: entry.date })),
    ...issued
      .map(({ token, sentAt, receivedAt }) => ({
        sentAt,
        receivedAt,
        at: (readClaims(token)?.iat ?? NaN) * 1000,
      }))
      .filter((sample) => Number.isFinite(sample.at)),
  ];
  if (samples.length === 0) return null;
  // Django's time was in [at, at + 1 s) while ours was in [sentAt, receivedAt].
  const low = Math.max(...samples.map((s) => s.at - s.receivedAt));
  const high = Math.min(...samples.map((s) => s.at + 1000 - s.sentAt));
  // Inconsistent samples (a clock step during the run): keep the span between them.
  return low <= high ? { low, high } : { low: high, high: low };
}

export function checkClock(ctx) {
  const skew = estimateSkew(ctx.client.log, ctx.issued);
  if (!skew) {
    ctx.add(warn("clock", "Clock", "Django sent no Date header and no iat claim: skew unknown"));
    return;
  }
  const nearest = skew.low > 0 ? skew.low : skew.high < 0 ? skew.high : 0;
  const side = nearest > 0 ? "ahead of" : "behind";
  const accessMs = (ctx.lifetimes?.accessS ?? Infinity) * 1000;
  if (nearest === 0 || Math.abs(nearest) <= ACCESS_LEEWAY_MS) {
    const bound = Math.max(Math.abs(skew.low), Math.abs(skew.high));
    ctx.add(
      ok(
        "clock",
        "Clock",
        `Django's clock is within ${bound} ms of this machine's (margin ${ACCESS_LEEWAY_MS / 1000} s)`,
      ),
    );
  } else if (Math.abs(nearest) < accessMs / 2) {
    ctx.add(
      warn(
        "clock",
        "Clock",
        `Django's clock is at least ${Math.abs(nearest)} ms ${side} this machine's, beyond the template's ${ACCESS_LEEWAY_MS / 1000} s freshness margin (ACCESS_LEEWAY_MS): some requests reach Django with an access token it already finds expired and take one extra refresh`,
        FIX,
      ),
    );
  } else {
    ctx.add(
      fail(
        "clock",
        "Clock",
        `Django's clock is at least ${Math.round(Math.abs(nearest) / 1000)} s ${side} this machine's, a large part of the access lifetime: expiries the template reads from the tokens are wrong`,
        FIX,
      ),
    );
  }
}
