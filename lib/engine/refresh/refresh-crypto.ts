import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { enginePart } from "@/lib/engine/instance";

/** Keyed hashes remembered per secret (a token and its hash: under 1 kB each). */
const REMEMBERED_HASHES = 2_048;

// Separate keys for separate jobs, both derived from the secret.
const deriveKey = (secret: string, purpose: string) =>
  Buffer.from(hkdfSync("sha256", secret, "", `next-django-simplejwt ${purpose}`, 32));

/**
 * Keys and seals for the store under `secrets[0]`; the older secrets (`secrets.previous`)
 * still open records and name keys to look up, so rotating the secret signs nobody out.
 */
export function createStoreCrypto(secrets: readonly string[]) {
  const keys = secrets.map((secret) => ({
    hash: deriveKey(secret, "refresh token key"),
    seal: deriveKey(secret, "rotation record encryption"),
    hashes: new Map<string, string>(),
  }));
  const [current] = keys;
  if (!current) throw new Error("createStoreCrypto needs a secret");
  /**
   * A refresh keys the same token and chain several times, and a storm's callers all present the
   * same ones: up to 2,048 keyed hashes per secret are remembered, all forgotten when full. (Only
   * in this process's memory, which holds the tokens of every request in flight anyway.)
   */
  const hmac = ({ hash: key, hashes }: (typeof keys)[number], value: string) => {
    let hashed = hashes.get(value);
    if (hashed === undefined) {
      hashed = createHmac("sha256", key).update(value).digest("base64url");
      if (hashes.size >= REMEMBERED_HASHES) hashes.clear();
      hashes.set(value, hashed);
    }
    return hashed;
  };

  /** Stores are keyed by this, never by a raw refresh token or chain id. */
  const hashForStore = (value: string) => hmac(current, value);
  /** The same value's keys under the previous secrets: where older records may still be. */
  const previousHashesForStore = (value: string) => keys.slice(1).map((key) => hmac(key, value));

  /**
   * AES-256-GCM over the whole record, with the store key as associated data: a record copied to
   * another key no longer opens. The output is `iv.tag.ciphertext` in base64url.
   */
  function sealRecord(record: unknown, storeKey: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", current!.seal, iv);
    cipher.setAAD(Buffer.from(storeKey, "utf8"));
    const plain = JSON.stringify(record);
    const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [iv, cipher.getAuthTag(), ciphertext]
      .map((part) => part.toString("base64url"))
      .join(".");
  }

  /** The record, or null for anything not sealed with one of these secrets under this very key. */
  function openRecord(sealed: string, storeKey: string): unknown {
    const [iv, tag, ciphertext] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
    if (!iv || !tag || !ciphertext || iv.length !== 12 || tag.length !== 16) return null;
    for (const { seal } of keys) {
      try {
        const decipher = createDecipheriv("aes-256-gcm", seal, iv);
        decipher.setAAD(Buffer.from(storeKey, "utf8"));
        decipher.setAuthTag(tag);
        const json = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
        return JSON.parse(json.toString("utf8")) as unknown;
      } catch {
        // Wrong key, wrong store key, or tampered: try the next secret, then nothing is stored.
      }
    }
    return null;
  }

  return { hashForStore, previousHashesForStore, sealRecord, openRecord };
}

export type StoreCrypto = ReturnType<typeof createStoreCrypto>;

/** The store's keys and seals under this engine's secrets. */
export function storeCrypto(): StoreCrypto {
  return enginePart("store-crypto", ({ secrets }) =>
    createStoreCrypto([secrets.current, ...secrets.previous]),
  );
}
