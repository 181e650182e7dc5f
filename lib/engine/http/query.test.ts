import { describe, expect, it } from "vitest";
import { splitQuery } from "./query";

describe("splitQuery", () => {
  it("encodes each value once, repeats a key for a list, leaves out null and undefined", () => {
    expect(
      splitQuery("notes/", {
        search: "café & co?",
        tag: ["a", "b c"],
        page: 2,
        archived: false,
        author: null,
        since: undefined,
      }),
    ).toEqual({
      path: "notes/",
      search: "?search=caf%C3%A9+%26+co%3F&tag=a&tag=b+c&page=2&archived=false",
    });
  });

  it("takes a query written in the path as it is, then adds the option's", () => {
    expect(splitQuery("user/?limit=3&offset=0", { ordering: "-id" })).toEqual({
      path: "user/",
      search: "?limit=3&offset=0&ordering=-id",
    });
    expect(splitQuery("user/?", {})).toEqual({ path: "user/", search: "" });
  });

  it("has no query string when there is nothing to send", () => {
    expect(splitQuery("notes/")).toEqual({ path: "notes/", search: "" });
    expect(splitQuery("notes/", { page: undefined })).toEqual({ path: "notes/", search: "" });
  });
});
