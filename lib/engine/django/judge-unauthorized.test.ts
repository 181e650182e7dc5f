import { describe, expect, it } from "vitest";
import { judgeUnauthorized } from "./judge-unauthorized";

describe("judgeUnauthorized: the one rule for Django's 401", () => {
  it.each([
    [{ code: "token_not_valid" }, false, "renew"],
    [{ code: "token_not_valid" }, true, "keep_session"],
    [{ detail: "Authentication credentials were not provided." }, true, "keep_session"],
    [null, true, "keep_session"],
    ["<html>", false, "renew"],
    [["user_inactive"], true, "keep_session"],
    [{ code: "user_inactive" }, false, "end_session"],
    [{ code: "user_inactive" }, true, "end_session"],
    [{ code: "user_not_found" }, true, "end_session"],
  ])("%j after a renewal: %s → %s", (body, hasRenewed, verdict) => {
    expect(judgeUnauthorized(body, { hasRenewed })).toBe(verdict);
  });
});
