import path from "node:path";

/**
 * Which specs run where (docs/testing.md says why). Paths are relative to tests/e2e; a folder
 * ends in "/". `E2E_SUITE=<name>` picks a suite; unset, every spec runs.
 */
const E2E_DIR = path.resolve(__dirname, "..");

/**
 * Specs that run alone, after the others: storms timed against the access-token lifetime,
 * measuring the server (memory under hostile bodies) or freezing the Redis every instance shares.
 * The long run is a user among others: its steps are bounded to fit in one lifetime under load.
 */
const RUN_ALONE = [
  "race/storms.spec.ts",
  "race/instances.spec.ts",
  "redis-cluster.spec.ts",
  "hostile/bodies.spec.ts",
  "hostile/auth-redis.spec.ts",
];

/** Specs whose outcome depends on Django's answers: they run again on the current stack. */
const DJANGO_DEPENDENT = [
  "race/",
  "refresh.spec.ts",
  "proxy.spec.ts",
  "hostile/proxy.spec.ts",
  "sign-in.spec.ts",
  "sign-out.spec.ts",
  "sign-out-bearer.spec.ts",
  "shapes/",
  "hostile/auth-sign-in.spec.ts",
  "hostile/auth-sign-out.spec.ts",
  "hostile/auth-refresh.spec.ts",
  "hostile/auth-reuse.spec.ts",
  "hostile/auth-access-rejected.spec.ts",
  "hostile/cookie-large-tokens.spec.ts",
  "session-refused.spec.ts",
  "session-limits.spec.ts",
  "server-actions.spec.ts",
  "calls.spec.ts",
  "pagination.spec.ts",
  "health.spec.ts",
  "rotation-app/",
  "secret-rotation.spec.ts",
  "doctor/doctor.spec.ts",
  "doctor/simplejwt-stack.spec.ts",
  "doctor/rotation-app.spec.ts",
  // The schema DRF's generator writes differs between DRF releases; codegen's output must not.
  "scripts/codegen.spec.ts",
];

/** Pages that differ once the demo wing is deleted. */
const BARE_PAGES = ["protected-pages.spec.ts", "hostile/csp.spec.ts", "accessibility.spec.ts"];

const SUITES = {
  /** Everything (npm test; stack A in CI). */
  all: ["./"],
  /** The bare template on the current Django stack (stock simplejwt). */
  "current-stack": [...DJANGO_DEPENDENT, ...BARE_PAGES],
  /** The current Django stack with the companion app (DJANGO_ROTATION_APP=1). */
  "rotation-app": ["race/", "refresh.spec.ts", "rotation-app/"],
} as const;

type SuiteName = keyof typeof SUITES;

/** Whether spec path `entry` lies in one of `entries` (a folder covers what is inside it). */
function isCovered(entry: string, entries: readonly string[]): boolean {
  return entries.some(
    (other) =>
      other === "./" || other === entry || (other.endsWith("/") && entry.startsWith(other)),
  );
}

function toGlob(entry: string): string {
  const absolute = path.join(E2E_DIR, entry);
  return entry.endsWith("/") ? path.join(absolute, "**/*.spec.ts") : absolute;
}

/**
 * The suite E2E_SUITE names, as globs: `alone` matches its specs that run alone, `together` the
 * rest (with `runAlone` ignored).
 */
export function selectSuite(name = process.env.E2E_SUITE || "all") {
  if (!(name in SUITES)) {
    const names = Object.keys(SUITES).join(", ");
    throw new Error(`E2E_SUITE="${name}" is not a suite; choose one of ${names}.`);
  }
  const entries: readonly string[] = SUITES[name as SuiteName];
  const alone = [
    ...RUN_ALONE.filter((entry) => isCovered(entry, entries)),
    ...entries.filter((entry) => isCovered(entry, RUN_ALONE)),
  ];
  return {
    name,
    together: entries.map(toGlob),
    alone: [...new Set(alone)].map(toGlob),
    runAlone: RUN_ALONE.map(toGlob),
  };
}
