import { isIP } from "node:net";

/**
 * The browser's address from the X-Forwarded-For that reached Next, when `trustedHops` proxies
 * in front of it each append the address they saw connect (nginx's $proxy_add_x_forwarded_for,
 * a load balancer; Vercel writes the one entry itself). Only the last `trustedHops` entries are
 * theirs: the right-most of those is the client, everything left of it the client wrote.
 * With no trusted hop Next's own value cannot be told from the client's (Next fills the header
 * with the socket address only when it is missing), so there is none. Nor for fewer entries than
 * hops (the request did not come through them) or an entry that is not one IP address.
 */
export function toClientAddress(forwardedFor: string | null, trustedHops: number): string | null {
  if (forwardedFor === null || trustedHops < 1) return null;
  const entries = forwardedFor.split(",").map((entry) => entry.trim());
  const address = entries[entries.length - trustedHops];
  if (entries.length < trustedHops || address === undefined) return null;
  return isIP(address) === 0 ? null : address;
}
