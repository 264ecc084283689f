import { describe, expect, it } from "vitest";
import { parseWebConcurrency } from "./concurrency";

describe("WEB_CONCURRENCY", () => {
  it("defaults to the number of cores", () => {
    expect(parseWebConcurrency(undefined, 2)).toBe(2);
    expect(parseWebConcurrency("", 8)).toBe(8);
    expect(parseWebConcurrency(undefined, 0)).toBe(1);
  });
  it("takes a whole number of workers", () => {
    expect(parseWebConcurrency("1", 2)).toBe(1);
    expect(parseWebConcurrency(" 4 ", 2)).toBe(4);
  });
  it.each(["0", "-1", "abc", "NaN", "1.5", "2e1", "65", "0x2"])("refuses %j with one line naming it", (raw) => {
    expect(() => parseWebConcurrency(raw, 2)).toThrow(`WEB_CONCURRENCY must be a whole number of workers from 1 to 64 (got "${raw}")`);
  });
});
