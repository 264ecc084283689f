// safeRedirectPath: the one rule for every redirect to a place a visitor named.
import { describe, expect, it } from "vitest";
import { HOSTILE_TARGETS } from "~/test/redirect-targets";
import { safeRedirectPath } from "./redirect";

describe("safeRedirectPath", () => {
  it.each(HOSTILE_TARGETS)("refuses %s", (_name, value) => {
    expect(safeRedirectPath(value, "/fallback")).toBe("/fallback");
  });

  it.each([
    ["/ok?x=1#y", "/ok?x=1#y"],
    ["/", "/"],
    ["/projects/place-verte/proposals/12?sort=new#comments", "/projects/place-verte/proposals/12?sort=new#comments"],
    ["/search?q=arbres%20et%20bancs", "/search?q=arbres%20et%20bancs"],
    // Non-ASCII is percent-encoded, so the Location header stays ASCII.
    ["/projets/café", "/projets/caf%C3%A9"],
  ])("keeps %s", (value, expected) => {
    expect(safeRedirectPath(value, "/fallback")).toBe(expected);
  });

  it("falls back on anything that is not a string", () => {
    for (const value of [null, undefined, 12, { toString: () => "/ok" }, ["/ok"]]) {
      expect(safeRedirectPath(value, "/fallback")).toBe("/fallback");
    }
    expect(safeRedirectPath(undefined)).toBe("/");
  });
});
