import { describe, expect, it } from "vitest";
import { CALLER_WAIT_MS } from "../constants.mjs";
import { checkThrottling, checkTimings } from "./timing.mjs";

/** The findings for a client log of `[label, ms, status?, retryAfter?]` entries. */
function findingsFor(check, entries) {
  const findings = [];
  const log = entries.map(([label, ms, status = 200, retryAfter]) => ({
    label,
    ms,
    status,
    retryAfter,
  }));
  check({ client: { log }, add: (finding) => findings.push(finding) });
  return findings;
}

describe("checkTimings", () => {
  it("says nothing when nothing was measured", () => {
    expect(findingsFor(checkTimings, [])).toEqual([]);
  });

  it("is ✓ with the slowest answer of each kind", () => {
    const [finding] = findingsFor(checkTimings, [
      ["API root", 40],
      ["sign-in", 900],
      ["refresh", 120],
      ["refresh (rotated token)", 310],
    ]);
    expect(finding).toMatchObject({ id: "timing", level: "ok" });
    expect(finding.message).toBe("slowest answers: API root 40 ms, sign-in 900 ms, refresh 310 ms");
  });

  it("warns past 3 s, for a sign-in as for a refresh", () => {
    for (const entries of [
      [["sign-in", 3_001]],
      [
        ["sign-in", 200],
        ["refresh", 3_001],
      ],
    ]) {
      const [finding] = findingsFor(checkTimings, entries);
      expect(finding).toMatchObject({ id: "timing", level: "warn" });
      expect(finding.message).toMatch(/users will notice$/);
    }
    expect(findingsFor(checkTimings, [["sign-in", 3_000]])[0]?.level).toBe("ok");
  });

  it("fails a refresh slower than the template's wait, which answers 503 by then", () => {
    const [finding] = findingsFor(checkTimings, [["refresh", CALLER_WAIT_MS + 1]]);
    expect(finding).toMatchObject({ id: "timing", level: "fail" });
    expect(finding.message).toContain(`after ${CALLER_WAIT_MS / 1000} s and answers 503`);
    expect(findingsFor(checkTimings, [["refresh", CALLER_WAIT_MS]])[0]?.level).toBe("warn");
  });
});

describe("checkThrottling", () => {
  it("is ✓ without a 429, counting the refreshes", () => {
    const [finding] = findingsFor(checkThrottling, [
      ["sign-in", 100],
      ["refresh", 100],
      ["refresh", 100],
    ]);
    expect(finding).toMatchObject({
      id: "throttle",
      level: "ok",
      message: "no 429 in 2 refreshes",
    });
  });

  it("warns at the first 429, with its Retry-After and after how many refreshes", () => {
    const [finding] = findingsFor(checkThrottling, [
      ["refresh", 100],
      ["refresh", 100, 429, "30"],
    ]);
    expect(finding).toMatchObject({ id: "throttle", level: "warn" });
    expect(finding.message).toContain("answered 429 (Retry-After: 30 s) after 1 refresh.");
    expect(finding.fix).toContain("NUM_PROXIES");
  });
});
