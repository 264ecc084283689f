import type { TFunction } from "i18next";
import { describe, expect, expectTypeOf, it } from "vitest";
import { renderingI18n, getT } from "~/i18n/i18n.server";
import { describeUserAgent } from "./devices";
import { participantName } from "./display";

describe("participantName", () => {
  it("names a live account and labels a deleted one in the reader's language", () => {
    expect(participantName("Camille", getT("fr"))).toBe("Camille");
    expect(participantName(null, getT("fr"))).toBe("Participant supprimé");
    expect(participantName(null, getT("en"))).toBe("Deleted participant");
  });

  it("takes the t of a component as well as the server's", () => {
    expectTypeOf(participantName).toBeCallableWith(null, null as unknown as TFunction<["common", "account"]>);
    expectTypeOf(participantName).toBeCallableWith("x", null as unknown as TFunction<"account">);
    expect(participantName(null, renderingI18n("en").getFixedT("en", "account"))).toBe("Deleted participant");
    expect(participantName(null, renderingI18n("fr").getFixedT("fr", ["common", "account"]))).toBe("Participant supprimé");
  });
});

describe("describeUserAgent", () => {
  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox", "Windows"],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
      "Safari",
      "macOS",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari",
      "iOS",
    ],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36", "Chrome", "Android"],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
      "Edge",
      "Windows",
    ],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox", "Linux"],
  ])("%s", (ua, browser, os) => {
    expect(describeUserAgent(ua)).toEqual({ browser, os });
  });

  it("says nothing it does not know", () => {
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null });
    expect(describeUserAgent("curl/8.5.0")).toEqual({ browser: null, os: null });
  });
});
