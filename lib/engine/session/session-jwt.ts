import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";

/**
 * next-auth v4's session JWT (`next-auth/jwt` encode/decode), byte-compatible, with the key
 * derived once per secret: next-auth runs HKDF on every call, which is on every request's path.
 * Format: JWE compact, `alg: dir`, `enc: A256GCM`, key = HKDF-SHA256(secret, salt "", info below).
 */
const INFO = new TextEncoder().encode("NextAuth.js Generated Encryption Key");
const CLOCK_TOLERANCE_S = 15;

const keys = new Map<string, Promise<Uint8Array>>();

function deriveKey(secret: string): Promise<Uint8Array> {
  let key = keys.get(secret);
  if (!key) {
    key = deriveHkdfKey(secret);
    // A failed derivation is not cached: the next call tries again.
    key.catch(() => keys.delete(secret));
    keys.set(secret, key);
  }
  return key;
}

async function deriveHkdfKey(secret: string): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    "HKDF",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: INFO },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/** Seals `payload` as next-auth's `encode({ token, secret, maxAge })` does. */
export async function encodeSessionJwt(
  payload: JWTPayload,
  secret: string,
  maxAgeS: number,
): Promise<string> {
  const nowS = Math.floor(Date.now() / 1000);
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + maxAgeS)
    .setJti(crypto.randomUUID())
    .encrypt(await deriveKey(secret));
}

/** Opens a token as next-auth's `decode({ token, secret })` does; throws when it cannot. */
export async function decodeSessionJwt(token: string, secret: string): Promise<JWTPayload> {
  const { payload } = await jwtDecrypt(token, await deriveKey(secret), {
    clockTolerance: CLOCK_TOLERANCE_S,
  });
  return payload;
}
