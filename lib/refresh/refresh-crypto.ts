import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env.mjs";
import { tokenPairSchema, type TokenPair } from "@/lib/session/session-data";

// Separate keys for separate jobs, both derived from NEXTAUTH_SECRET.
const deriveKey = (purpose: string) =>
  Buffer.from(hkdfSync("sha256", env.NEXTAUTH_SECRET, "", `next-django-simplejwt ${purpose}`, 32));
const hashKey = deriveKey("refresh token key");
const sealKey = deriveKey("successor encryption");

/** Stores are keyed by this, never by the raw refresh token. */
export function hashRefreshToken(refreshToken: string): string {
  return createHmac("sha256", hashKey).update(refreshToken).digest("base64url");
}

/** AES-256-GCM; the output is `iv.tag.ciphertext` in base64url. */
export function sealTokenPair(pair: TokenPair): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(pair), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
}

/** Returns null for anything that was not sealed with this secret. */
export function openTokenPair(sealed: string): TokenPair | null {
  const [iv, tag, ciphertext] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !ciphertext) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealKey, iv);
    decipher.setAuthTag(tag);
    const json = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    const parsed = tokenPairSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // Wrong key or tampered: as if nothing was stored.
  }
}
