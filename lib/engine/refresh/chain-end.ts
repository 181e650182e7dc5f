import type { ChainEnd, ChainRecords, ChainState } from "./chain-records";
import type { ChainHead } from "./chain-position";
import {
  ACCESS_REJECTED_GRACE_MS,
  EXPIRED,
  type CoordinatorDeps,
  type RefreshOutcome,
  type RefreshRequest,
  type SignOutRequest,
  unchainedChainId,
} from "./coordinator-types";
import type { LimitReason } from "./session-limits";

type Deps = Pick<CoordinatorDeps, "revoke" | "logSecurityEvent"> & {
  records: ChainRecords;
  now: () => number;
  warn: (message: string, error?: unknown) => void;
};

/** An end mark lives at least this long, even for a cookie whose token is about to expire. */
const END_MARK_MIN_MS = 60_000;

/** How a chain of rotations ends (sign-out, reuse detected), and how its age is judged. */
export function createChainEnd({ records, revoke, logSecurityEvent, now, warn }: Deps) {
  /**
   * A pair issued moments ago cannot be the one Django refused: another tab's request carried the
   * previous cookie. Without this, tabs that renew one after another would rotate once each.
   */
  function isJustIssued(
    { pair, signedInAt }: RefreshRequest,
    chain: ChainState | undefined,
  ): boolean {
    const issuedAt = chain
      ? chain.head.pair.refreshToken === pair.refreshToken
        ? chain.head.rotatedAt
        : undefined
      : signedInAt;
    return issuedAt !== undefined && now() - issuedAt < ACCESS_REJECTED_GRACE_MS;
  }

  /** Ends the chain for good: marked in the store, its newest refresh token blacklisted. */
  async function endChain(request: SignOutRequest, reason: ChainEnd["reason"]): Promise<void> {
    const unchained = unchainedChainId(records.tokenKey(request.pair.refreshToken));
    const chainId =
      request.chainId ?? ((await records.getChain(unchained)) ? unchained : undefined);
    const before = chainId ? await records.getChain(chainId) : undefined;
    // The mark outlives every token of the chain: the cookie's and the newest the store knows.
    const end = { endedAt: now(), reason };
    const lastExpiry = (head?: ChainHead) =>
      Math.max(request.pair.refreshExpires, head?.pair.refreshExpires ?? 0);
    const mark = (until: number) =>
      chainId ? records.setEnd(chainId, end, Math.max(until - now(), END_MARK_MIN_MS)) : undefined;
    // Marked first, then read: a rotation landing meanwhile either sees the mark or is seen here.
    await mark(lastExpiry(before?.head));
    const head = chainId ? (await records.getChain(chainId))?.head : undefined;
    if (lastExpiry(head) > lastExpiry(before?.head)) await mark(lastExpiry(head));
    // The cookie may be newer than the record (a store write that has not landed yet).
    const isCookieNewer = !head || (request.generation ?? 0) > head.generation;
    await revoke(isCookieNewer ? request.pair : head.pair);
  }

  /** A session limit passed: the chain ends like a sign-out, and the caller hears why. */
  async function answerLimit(
    request: RefreshRequest,
    reason: LimitReason,
  ): Promise<RefreshOutcome> {
    await endChain(request, reason).catch((error: unknown) =>
      warn(`${reason}: could not blacklist the newest token of the chain`, error),
    );
    return { ...EXPIRED, reason };
  }

  async function answerReplay(request: RefreshRequest): Promise<RefreshOutcome> {
    logSecurityEvent?.({
      event: "refresh_token_reuse",
      userId: request.userId,
      chainAgeMs: request.signedInAt === undefined ? undefined : now() - request.signedInAt,
      action: "chain_revoked",
    });
    await endChain(request, "reuse_detected").catch((error: unknown) =>
      warn("reuse detected: could not blacklist the newest token of the chain", error),
    );
    return EXPIRED;
  }

  return { endChain, answerReplay, answerLimit, isJustIssued };
}
