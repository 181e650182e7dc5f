// --concurrency-check: several refreshes of one token at the same moment. simplejwt 5.x checks and
// writes its blacklist without a lock, so more than one may succeed and fork the token chain.
import { CONCURRENT_REFRESHES } from "../constants.mjs";
import { count, ok, warn } from "../findings.mjs";
import { refreshOnce } from "./refresh.mjs";

export async function checkConcurrency(ctx) {
  if (ctx.rotation !== "on") {
    ctx.add(
      ok("concurrency", "Concurrency", "skipped: without rotation there is no chain to fork"),
    );
    return;
  }
  const token = ctx.refresh;
  const results = await Promise.all(
    Array.from({ length: CONCURRENT_REFRESHES }, () =>
      refreshOnce(ctx, token, "refresh (concurrent)"),
    ),
  );
  const successes = results.filter((result) => result.pair?.refresh);
  // simplejwt_rotation answers every concurrent caller with the same successor: one rotation.
  const forks = [...new Map(successes.map((result) => [result.pair.refresh, result])).values()];
  const refused = results.filter((result) => result.reply.status === 401).length;
  const other = CONCURRENT_REFRESHES - successes.length - refused;
  if (forks[0]) {
    ctx.refresh = forks[0].pair.refresh;
    ctx.access = forks[0].pair.access;
  }
  ctx.concurrency = {
    sent: CONCURRENT_REFRESHES,
    succeeded: successes.length,
    successors: forks.length,
    refused,
    other,
  };
  const outcome =
    successes.length > forks.length
      ? `${successes.length} succeeded with ${count(forks.length, "distinct successor")}`
      : `${forks.length} succeeded (forks)`;
  const figures = `${CONCURRENT_REFRESHES} concurrent refreshes of one token: ${outcome}, ${refused} refused${other ? `, ${other} other answers` : ""}`;
  if (forks.length <= 1) {
    ctx.add(ok("concurrency", "Concurrency", `${figures}: Django lets only one through`));
    return;
  }
  ctx.add(
    warn(
      "concurrency",
      "Concurrency",
      `${figures}. This template sends one refresh per token (single flight), so its users are safe; any other client of this API (mobile app, script) that refreshes concurrently forks its chain, and each fork stays valid until it expires`,
      "make every other client refresh from one place (a lock or single flight); this is simplejwt's unlocked blacklist check, no setting changes it",
    ),
  );
}
