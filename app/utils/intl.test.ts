import { describe, expect, it } from "vitest";
import { cachedDateFormat, formatDateText } from "./intl";

const at = (iso: string) => new Date(iso);

describe("formatDateText: French ordinal dates", () => {
  it("writes the first of the month as 1er in French", () => {
    const long = cachedDateFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });
    expect(formatDateText(long, at("2026-12-01T00:00:00Z"))).toBe("1er décembre 2026");
    expect(formatDateText(cachedDateFormat("fr", { dateStyle: "long", timeZone: "UTC" }), at("2027-01-01T00:00:00Z"))).toBe("1er janvier 2027");
  });

  it("leaves the other days, and the time, as Intl writes them", () => {
    const long = cachedDateFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });
    expect(formatDateText(long, at("2026-12-02T00:00:00Z"))).toBe("2 décembre 2026");
    expect(formatDateText(long, at("2026-12-11T00:00:00Z"))).toBe("11 décembre 2026");
    expect(formatDateText(long, at("2026-12-21T00:00:00Z"))).toBe("21 décembre 2026");
    const withTime = cachedDateFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
    expect(formatDateText(withTime, at("2026-12-01T07:21:00Z"))).toBe(`1er décembre 2026 à 07:21`);
  });

  it("does not touch other languages", () => {
    expect(formatDateText(cachedDateFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }), at("2026-12-01T00:00:00Z"))).toBe("1 December 2026");
    expect(formatDateText(cachedDateFormat("en", { dateStyle: "long", timeZone: "UTC" }), at("2026-12-01T00:00:00Z"))).toBe("December 1, 2026");
  });
});
