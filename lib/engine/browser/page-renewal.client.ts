import { refreshSessionOnce, type RefreshResult } from "./tab-refresh.client";

type PageRenewal = {
  /** The server renders whose 401s this renewal answers. */
  renderIds: Set<string>;
  result: Promise<RefreshResult>;
  settled?: RefreshResult;
};

let current: PageRenewal | null = null;

/**
 * What a card's 401 from a server render does: join the renewal of its render, or start the one
 * renewal of the page, which re-renders the page once (`rerender`). A 401 from a render made
 * after a renewal whose access token is still valid is not an expiry: "refused", no loop.
 */
export function joinPageRenewal(
  renderId: string,
  rerender: () => void,
  { isRetry = false } = {},
): Promise<RefreshResult | "refused"> {
  if (current && current.renderIds.has(renderId) && !isRetry) return current.result;
  const settled = current?.settled;
  if (!isRetry && settled?.ok && settled.accessExpires > Date.now())
    return Promise.resolve("refused");
  // Only a retry tells the server the renewed token was refused; an expiry does not need to.
  const renewal: PageRenewal = {
    renderIds: new Set([renderId]),
    result: refreshSessionOnce(Number.POSITIVE_INFINITY, { accessRejected: isRetry }),
  };
  renewal.result = renewal.result.then((result) => {
    renewal.settled = result;
    if (result.ok) rerender();
    return result;
  });
  current = renewal;
  return renewal.result;
}
