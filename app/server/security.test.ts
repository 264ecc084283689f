import { describe, expect, it } from "vitest";
import { contrastRatio, textColorOn } from "~/utils/color";
import { cookiesAreSecure, resolveLocale } from "./auth-middleware.server";
import { isSameOrigin } from "./security.server";

function req(method: string, headers: Record<string, string>, host = "ville.example") {
  return { method, headers, protocol: "https", get: (name: string) => (name === "host" ? host : undefined) } as never;
}

describe("same-origin check on writes", () => {
  it.each([
    ["GET from anywhere", req("GET", { origin: "https://evil.example" }), true],
    ["POST same-origin per Sec-Fetch-Site", req("POST", { "sec-fetch-site": "same-origin" }), true],
    ["POST cross-site per Sec-Fetch-Site", req("POST", { "sec-fetch-site": "cross-site", origin: "https://ville.example" }), false],
    ["POST same-site (sibling subdomain)", req("POST", { "sec-fetch-site": "same-site" }), false],
    ["POST with matching Origin", req("POST", { origin: "https://ville.example" }), true],
    ["POST with foreign Origin", req("POST", { origin: "https://evil.example" }), false],
    ["POST with Origin null", req("POST", { origin: "null" }), false],
    ["POST with neither header", req("POST", {}), false],
    ["DELETE with foreign Origin", req("DELETE", { origin: "https://ville.example.evil.example" }), false],
  ])("%s", (_name, request, expected) => {
    expect(isSameOrigin(request)).toBe(expected);
  });
});

describe("cookies and locale", () => {
  it("makes cookies Secure over https and on localhost only, in auto mode", () => {
    expect(cookiesAreSecure("auto", { secure: true, hostname: "ville.example" })).toBe(true);
    expect(cookiesAreSecure("auto", { secure: false, hostname: "localhost" })).toBe(true);
    expect(cookiesAreSecure("auto", { secure: false, hostname: "192.168.1.10" })).toBe(false);
    expect(cookiesAreSecure("always", { secure: false, hostname: "192.168.1.10" })).toBe(true);
    expect(cookiesAreSecure("never", { secure: true, hostname: "ville.example" })).toBe(false);
  });

  it("prefers the account's language, then the cookie, then the organization's", () => {
    expect(resolveLocale("en", "maquette_lang=fr", { defaultLocale: "fr" })).toBe("en");
    expect(resolveLocale(null, "maquette_lang=en", { defaultLocale: "fr" })).toBe("en");
    expect(resolveLocale(null, "maquette_lang=de", { defaultLocale: "fr" })).toBe("fr");
    expect(resolveLocale(null, undefined, { defaultLocale: "en" })).toBe("en");
  });
});

describe("organization colour", () => {
  it("picks the text colour with AA contrast", () => {
    for (const bg of ["#000091", "#ffffff", "#ffcc00", "#18753c", "#7f7f7f", "#e1000f"]) {
      expect(contrastRatio(bg, textColorOn(bg))).toBeGreaterThanOrEqual(4.5);
    }
  });
});
