import { describe, expect, it } from "vitest";
import { config } from "@/middleware";
import { PROTECTED_PATHS, toMatcher } from "./protected-paths";

describe("protected paths", () => {
  it("are exactly the pages middleware.ts guards (its matcher must be a literal)", () => {
    const pageMatchers = config.matcher.filter(
      (entry) => entry !== "/login" && !entry.startsWith("/api/"),
    );
    expect(pageMatchers).toEqual(PROTECTED_PATHS.map(toMatcher));
  });
});
