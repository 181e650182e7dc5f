import type * as NodeCrypto from "node:crypto";
import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { hashForStore, openRecord, sealRecord } from "./coordinator-test-kit";
import { createStoreCrypto } from "./refresh-crypto";

vi.mock("node:crypto", async (importOriginal) => {
  const crypto = await importOriginal<typeof NodeCrypto>();
  return { ...crypto, createHmac: vi.fn(crypto.createHmac) };
});

// Known answers under the unit tests' NEXTAUTH_SECRET: a deploy that changed the key derivation
// would orphan every record in a shared store (and every instance must derive the same keys).
const HASH_OF_REFRESH_TOKEN = "WJ4_U5BrdC4VC8624w6Qh69GbbIhzex4HpP_Gwd5QcU";
const SEALED_N1_UNDER_K = "BwcHBwcHBwcHBwcH.aiCUaQFgURbxkc7fpRQXnQ.5-GQeRjwsA";
/** The same record sealed with the right key but a 16-byte IV: not our format, refused. */
const SEALED_WITH_LONG_IV = "BwcHBwcHBwcHBwcHBwcHBw.AB0Kf9JtfDcbnNXYpfhXTg.aVEghUaE-A";

describe("hashForStore", () => {
  it("is a keyed hash, stable across instances and deploys", () => {
    expect(hashForStore("refresh-token")).toBe(HASH_OF_REFRESH_TOKEN);
    expect(hashForStore("refresh-token-2")).not.toBe(HASH_OF_REFRESH_TOKEN);
  });

  it("computes a value's hash once per secret while it is remembered, and forgets past 2,048", () => {
    const { hashForStore: hash, previousHashesForStore } = createStoreCrypto(["new", "old"]);
    const hmacs = vi.mocked(createHmac);
    hmacs.mockClear();
    const first = hash("token");
    const [previous] = previousHashesForStore("token");
    const other = hash("other");
    expect([hash("token"), previousHashesForStore("token")[0]]).toEqual([first, previous]);
    expect(hash("other")).toBe(other);
    expect(previous).not.toBe(first);
    expect(hmacs).toHaveBeenCalledTimes(3);

    for (let i = 0; i < 2_048; i++) hash(`other-${i}`);
    hmacs.mockClear();
    expect(hash("token")).toBe(first);
    expect(hmacs).toHaveBeenCalledTimes(1);
  });
});

describe("sealRecord / openRecord", () => {
  it("opens a record sealed by another instance with the same secret", () => {
    expect(openRecord(SEALED_N1_UNDER_K, "rotation:k")).toEqual({ n: 1 });
    expect(openRecord(SEALED_N1_UNDER_K, "rotation:other")).toBeNull();
  });

  it("round-trips any JSON record, with a fresh IV each time", () => {
    const record = { successor: { refreshToken: "é ✓" }, rotatedAt: 1 };
    const [a, b] = [sealRecord(record, "key"), sealRecord(record, "key")];
    expect(a).not.toBe(b);
    expect(openRecord(a, "key")).toEqual(record);
    expect(a.split(".").map((part) => Buffer.from(part, "base64url").length)).toEqual([
      12,
      16,
      expect.any(Number),
    ]);
  });

  it("refuses a truncated authentication tag, which AES-GCM would otherwise accept", () => {
    const [iv, tag, ciphertext] = sealRecord({ n: 1 }, "key").split(".");
    const short = Buffer.from(tag!, "base64url").subarray(0, 12).toString("base64url");
    expect(openRecord([iv, short, ciphertext].join("."), "key")).toBeNull();
  });

  it("needs a secret", () => {
    expect(() => createStoreCrypto([])).toThrow("createStoreCrypto needs a secret");
  });

  it("refuses an IV of another length", () => {
    expect(openRecord(SEALED_WITH_LONG_IV, "rotation:k")).toBeNull();
  });

  it.each(["", "abc", "a.b", "..", "...", SEALED_N1_UNDER_K.split(".").slice(0, 2).join(".")])(
    "treats malformed %j as absent",
    (sealed) => {
      expect(openRecord(sealed, "rotation:k")).toBeNull();
    },
  );
});
