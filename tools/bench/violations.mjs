// The counts --quick asserts (and the full run checks too): timings never fail a run.

export function stormViolations(label, results) {
  const problems = [];
  for (const result of results) {
    const { warmUp } = result;
    if ([...result.rotations, warmUp.rotations].some((count) => count !== 1)) {
      problems.push(
        `${label}: ${result.n} refreshes → rotations ${result.rotations}, warm-up ${warmUp.rotations} (must be 1)`,
      );
    }
    if (warmUp.ok !== result.n) {
      problems.push(`${label}: warm-up storm of ${result.n} → ${warmUp.ok} answered 200`);
    }
    if (!result.answered200 || result.forks > 0) {
      problems.push(
        `${label}: ${result.n} refreshes → answers ${JSON.stringify(result.statuses)}, forks ${result.forks}`,
      );
    }
  }
  return problems;
}

export function mixViolations(mix) {
  const problems = [];
  if (mix.rotations !== mix.expiries || mix.forks > 0) {
    problems.push(
      `mix: ${mix.rotations} rotations for ${mix.expiries} expiries, ${mix.forks} forks`,
    );
  }
  if (mix.unauthorizedToCaller > 0)
    problems.push(`mix: ${mix.unauthorizedToCaller} 401s reached callers`);
  if (mix.loggedOut > 0) problems.push(`mix: ${mix.loggedOut} accidental logouts`);
  if (mix.errors > 0)
    problems.push(`mix: ${mix.errors} errors, e.g. ${mix.firstErrors.join(" | ")}`);
  if (mix.expiries === 0) problems.push("mix: no access token expired during the run");
  return problems;
}
