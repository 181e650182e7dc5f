import { UNAVAILABLE, type RefreshOutcome } from "./coordinator-types";

/** The caller stops waiting after `ms`; the shared work goes on and its result is stored. */
export async function settleWithin(
  outcome: Promise<RefreshOutcome>,
  ms: number,
): Promise<RefreshOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<RefreshOutcome>((resolve) => {
    timer = setTimeout(() => resolve(UNAVAILABLE), ms);
  });
  try {
    return await Promise.race([outcome, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
