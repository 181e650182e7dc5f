import { describe, expect, it } from "vitest";
import { toClientAddress } from "./client-address";

describe("toClientAddress", () => {
  it("takes the entry the outermost trusted proxy appended, never the client's own", () => {
    expect(toClientAddress("6.6.6.6, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(toClientAddress("6.6.6.6,198.51.100.7, 10.0.0.1", 2)).toBe("198.51.100.7");
    expect(toClientAddress("198.51.100.7", 1)).toBe("198.51.100.7");
  });

  it("tolerates spaces and tabs around entries", () => {
    expect(toClientAddress("  6.6.6.6 ,\t203.0.113.9  ", 1)).toBe("203.0.113.9");
  });

  it("accepts IPv6 addresses", () => {
    expect(toClientAddress("6.6.6.6, 2001:db8::1", 1)).toBe("2001:db8::1");
    expect(toClientAddress("::ffff:192.0.2.1", 1)).toBe("::ffff:192.0.2.1");
  });

  it("forwards nothing for an entry that is not exactly one address", () => {
    for (const garbage of ["unknown", "", "1.2.3.4:5678", "[2001:db8::1]", "1.2.3", "a b"]) {
      expect(toClientAddress(`6.6.6.6, ${garbage}`, 1), garbage).toBeNull();
    }
    expect(toClientAddress("6.6.6.6,", 1)).toBeNull();
  });

  it("forwards nothing when fewer entries arrived than there are trusted proxies", () => {
    expect(toClientAddress("198.51.100.7", 2)).toBeNull();
    expect(toClientAddress("", 1)).toBeNull();
  });

  it("forwards nothing without a header or without a trusted proxy", () => {
    expect(toClientAddress(null, 1)).toBeNull();
    expect(toClientAddress("198.51.100.7", 0)).toBeNull();
  });
});
