import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT, runNode, type ProcessResult } from "./doctor-django";

export type Finding = {
  id: string;
  level: "ok" | "warn" | "fail";
  title: string;
  message: string;
  fix?: string;
};

export type DoctorReport = {
  api: string;
  calls: string[];
  findings: Finding[];
  concurrency?: {
    sent: number;
    succeeded: number;
    /** Distinct successor refresh tokens among the successes (1 with simplejwt_rotation). */
    successors?: number;
    refused: number;
    other: number;
  };
  exitCode: number;
};

export type DoctorRun = ProcessResult & { report: DoctorReport | null };

const DOCTOR = path.join(REPO_ROOT, "scripts", "doctor.mjs");

/** A set-up app's own settings, so only what a test changes is reported. */
export const APP_SETTINGS = {
  NEXTAUTH_SECRET: "doctor-test-secret-0123456789-abcdefghijklmnop",
  NEXTAUTH_URL: "http://localhost:3000",
};

/**
 * Runs `npm run doctor` the way a pipeline would: no terminal, env given explicitly, from an empty
 * directory so that no developer's .env.local leaks in.
 */
export async function runDoctor(
  args: string[],
  env: Record<string, string> = {},
): Promise<DoctorRun> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), "doctor-cwd-"));
  const result = await runNode(
    [DOCTOR, ...args],
    { NODE_ENV: "development", PATH: process.env.PATH, ...APP_SETTINGS, ...env },
    { cwd, check: false },
  ).finally(() => rm(cwd, { recursive: true, force: true }));
  let report: DoctorReport | null = null;
  if (args.includes("--json") && result.stdout.trim().startsWith("{")) {
    report = JSON.parse(result.stdout) as DoctorReport;
  }
  return { ...result, report };
}

/**
 * The findings that are not ✓, leaving out the response times a loaded machine may earn a ⚠
 * (their thresholds have unit tests: scripts/doctor/probes/timing.test.mjs).
 */
export const notOkBesidesTiming = (findings: Finding[]) =>
  findings.filter((f) => f.level !== "ok" && f.id !== "timing");

/** The finding with this id; fails the test with the whole report when it is missing. */
export function findingOf(report: DoctorReport | null, id: string): Finding {
  const finding = report?.findings.find((f) => f.id === id);
  if (!finding) throw new Error(`no "${id}" finding in ${JSON.stringify(report, null, 2)}`);
  return finding;
}
