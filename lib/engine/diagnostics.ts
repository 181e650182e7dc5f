// The demo's entry, and only the demo's: what its session inspector and developer tools show or
// do. Nothing of the engine depends on it; delete the demo and nothing imports it any more.
export { instanceId } from "./observability/instance-id";
export { readRefreshCounters, type RefreshCounters } from "./observability/refresh-counters";
export { isFromAnotherSite } from "./http/same-origin";
export { readSessionCookie, writeSessionCookie } from "./session/session-cookie";
