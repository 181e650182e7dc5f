import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "../../scripts/lib/paths.mjs";

/**
 * Copies the repository's files (tracked, and untracked but not ignored: the work tree as it is)
 * into `target`, and hard-links node_modules there: a copy in seconds and no extra disk.
 * Throws if node_modules cannot be linked.
 */
export function copyRepository(target) {
  copyWorkTree(target);
  linkNodeModules(target);
}

/** The work tree's files under `folder` (all of them by default) into the same place in `target`. */
export function copyWorkTree(target, folder = ".") {
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", folder],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  for (const file of listed.split("\0").filter(Boolean)) {
    const from = path.join(REPO_ROOT, file);
    if (!existsSync(from)) continue; // Deleted in the work tree, not yet in git.
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    cpSync(from, path.join(target, file));
  }
}

/**
 * The template as it was at a commit (a team's copy of an older release), with the work tree's
 * lib/engine/ in place of its own: what a team has after the README's upgrade steps.
 */
export function copyReleaseWithCurrentEngine(commit, target) {
  const archive = spawnSync("git", ["archive", "--format=tar", commit], {
    cwd: REPO_ROOT,
    maxBuffer: 1 << 30,
  });
  if (archive.status !== 0)
    throw new Error(`git archive ${commit} failed (a shallow clone?): ${archive.stderr}`);
  const unpacked = spawnSync("tar", ["-x", "-C", target], { input: archive.stdout });
  if (unpacked.status !== 0) throw new Error(`could not unpack ${commit}: ${unpacked.stderr}`);
  rmSync(path.join(target, "lib/engine"), { recursive: true });
  copyWorkTree(target, "lib/engine");
  linkNodeModules(target);
}

function linkNodeModules(target) {
  const linked = spawnSync("cp", ["-al", path.join(REPO_ROOT, "node_modules"), target], {
    stdio: "inherit",
  });
  if (linked.status !== 0) throw new Error("could not hard-link node_modules into the copy");
}
