import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env.mjs";

// Separate keys for separate jobs, both derived from NEXTAUTH_SECRET.
const deriveKey = (purpose: string) =>
  Buffer.from(hkdfSync("sha256", env.NEXTAUTH_SECRET, "", `next-django-simplejwt ${purpose}`, 32));
const hashKey = deriveKey("refresh token key");
const sealKey = deriveKey("rotation record encryption");

/** Stores are keyed by this, never by a raw refresh token or chain id. */
export function hashForStore(value: string): string {
  return createHmac("sha256", hashKey).update(value).digest("base64url");
}

/**
 * AES-256-GCM over the whole record, with the store key as associated data: a record copied to
 * another key no longer opens. The output is `iv.tag.ciphertext` in base64url.
 */
export function sealRecord(record: unknown, storeKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
  cipher.setAAD(Buffer.from(storeKey, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(record), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
}

/** The record, or null for anything not sealed with this secret under this very key. */
export function openRecord(sealed: string, storeKey: string): unknown {
  const [iv, tag, ciphertext] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !ciphertext || iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealKey, iv);
    decipher.setAAD(Buffer.from(storeKey, "utf8"));
    decipher.setAuthTag(tag);
    const json = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    return JSON.parse(json) as unknown;
  } catch {
    return null; // Wrong key, wrong store key, or tampered: as if nothing was stored.
  }
}
