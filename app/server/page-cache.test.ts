import { describe, expect, it } from "vitest";
import { PageCache, scopeOfPath, splitOnNonce, SITE_SCOPE, type CachedPage, type PageDrop } from "./page-cache.server";
import { keptCookies, writeDropsOrganization } from "./remix-handler.server";

const page = (generation: string, body = "<p>hello</p>", scope = SITE_SCOPE): CachedPage => ({
  status: 200,
  headers: [["content-type", "text/html"]],
  ...splitOnNonce(body, ""),
  scope,
  generation,
});
/** A page of this scope rendered now. */
const fresh = (cache: PageCache, organizationId: number, scope = SITE_SCOPE, body?: string) =>
  page(cache.stamp(organizationId, scope), body, scope);

describe("page cache", () => {
  it("serves a stored page until the organization writes, and only that organization's", () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    expect(cache.store("a", 1, fresh(cache, 1))).toBe(true);
    expect(cache.store("b", 2, fresh(cache, 2))).toBe(true);
    expect(cache.lookup("a", 1)?.parts).toEqual(["<p>hello</p>"]);
    cache.invalidate(1);
    expect(cache.lookup("a", 1)).toBeUndefined();
    expect(cache.lookup("b", 2)).toBeDefined();
  });

  it("does not keep a page that rendered while a write happened", () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    const before = fresh(cache, 1);
    cache.invalidate(1);
    expect(cache.store("a", 1, before)).toBe(false);
    expect(cache.lookup("a", 1)).toBeUndefined();
  });

  it("forgets pages after their time", async () => {
    const cache = new PageCache({ ttlMs: 30 });
    cache.store("a", 1, fresh(cache, 1));
    expect(cache.lookup("a", 1)).toBeDefined();
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.lookup("a", 1)).toBeUndefined();
  });

  it("refuses pages larger than its limit", () => {
    const cache = new PageCache({ ttlMs: 60_000, maxPageBytes: 10 });
    expect(cache.store("a", 1, fresh(cache, 1, SITE_SCOPE, "x".repeat(11)))).toBe(false);
    expect(cache.store("b", 1, fresh(cache, 1, SITE_SCOPE, "é".repeat(5)))).toBe(true);
  });

  it("renders a missing page once for the requests that want it together", async () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 20));
      return page("0:0");
    };
    const results = await Promise.all([cache.single("k", render), cache.single("k", render), cache.single("k", render)]);
    expect(renders).toBe(1);
    expect(results.map((r) => r.shared)).toEqual([false, true, true]);
    expect(results.every((r) => r.page?.parts[0] === "<p>hello</p>")).toBe(true);
    // Once done, the next miss renders again.
    await cache.single("k", render);
    expect(renders).toBe(2);
  });

  it("lets the waiting requests render their own when the shared rendering fails", async () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    const failing = cache.single("k", async () => {
      await new Promise((r) => setTimeout(r, 10));
      throw new Error("aborted");
    });
    const waiting = cache.single("k", async () => page("0:0"));
    await expect(failing).rejects.toThrow("aborted");
    await expect(waiting).resolves.toEqual({ page: null, shared: true });
  });

  it("keeps only 200 HTML or data answers without cookies and not private", () => {
    const h = (init: Record<string, string>) => new Headers(init);
    expect(PageCache.storable(200, h({ "content-type": "text/html; charset=utf-8" }))).toBe(true);
    expect(PageCache.storable(200, h({ "content-type": "text/x-script" }))).toBe(true);
    expect(PageCache.storable(404, h({ "content-type": "text/html" }))).toBe(false);
    expect(PageCache.storable(302, h({ "content-type": "text/html" }))).toBe(false);
    expect(PageCache.storable(200, h({ "content-type": "text/html", "set-cookie": "a=1" }))).toBe(false);
    expect(PageCache.storable(200, h({ "content-type": "text/html", "cache-control": "private, max-age=0" }))).toBe(false);
    expect(PageCache.storable(200, h({ "content-type": "text/html", "cache-control": "no-store" }))).toBe(false);
    expect(PageCache.storable(200, h({ "content-type": "text/csv" }))).toBe(false);
  });

  it("tells listeners of local invalidations, not of the ones it is told about", () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    const told: PageDrop[] = [];
    cache.onInvalidate((drop) => told.push(drop));
    cache.invalidate(3);
    cache.drop({ organizationId: 3, projectSlug: "parc" });
    cache.invalidate(4, { broadcast: false });
    cache.drop({ organizationId: 4, projectSlug: "parc" }, { broadcast: false });
    expect(told).toEqual([
      { organizationId: 3, projectSlug: null },
      { organizationId: 3, projectSlug: "parc" },
    ]);
    expect(cache.generation(4)).toBe(1);
    expect(cache.stamp(4, "project:parc")).toBe("1:1");
  });

  it("drops one project's pages and the site's listings, and leaves the other projects' pages", () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    const a = "project:place-verte";
    const b = "project:parc-des-berges";
    cache.store("home", 1, fresh(cache, 1, SITE_SCOPE));
    cache.store("a", 1, fresh(cache, 1, a));
    cache.store("b", 1, fresh(cache, 1, b));
    cache.store("other-org", 2, fresh(cache, 2, a));
    cache.drop({ organizationId: 1, projectSlug: "place-verte" });
    expect(cache.lookup("a", 1)).toBeUndefined();
    expect(cache.lookup("home", 1)).toBeUndefined();
    expect(cache.lookup("b", 1)).toBeDefined();
    expect(cache.lookup("other-org", 2)).toBeDefined();
    // A page of A that was rendering during the drop is not kept; one of B is.
    const renderingA = fresh(cache, 1, a);
    const renderingB = fresh(cache, 1, b);
    cache.drop({ organizationId: 1, projectSlug: "place-verte" });
    expect(cache.store("a", 1, renderingA)).toBe(false);
    expect(cache.store("b2", 1, renderingB)).toBe(true);
    // A change of the organization itself drops every page, B's too.
    cache.invalidate(1);
    expect(cache.lookup("b", 1)).toBeUndefined();
  });

  it("knows the scope of a page from its path, single-fetch data requests included", () => {
    expect(scopeOfPath("/projects/place-verte")).toBe("project:place-verte");
    expect(scopeOfPath("/projects/place-verte/proposals/12")).toBe("project:place-verte");
    expect(scopeOfPath("/projects/place-verte.data")).toBe("project:place-verte");
    expect(scopeOfPath("/projects/place-verte/debates/3.data")).toBe("project:place-verte");
    expect(scopeOfPath("/projects/caf%C3%A9")).toBe("project:café");
    expect(scopeOfPath("/projects/%E0")).toBe(SITE_SCOPE);
    for (const path of ["/", "/_root.data", "/search", "/open-data", "/projects", "/projects/"]) expect(scopeOfPath(path)).toBe(SITE_SCOPE);
  });

  it("drops the whole organization only for writes no event tells about", () => {
    for (const path of [
      "/comments",
      "/comments.data",
      "/report",
      "/projects/place-verte/proposals/12",
      "/projects/place-verte/proposals/12.data",
      "/projects/place-verte/proposals/new",
      "/projects/place-verte/debates/3",
      "/moderation",
      "/moderation/blocked",
      "/manage/projects/4",
      "/login",
      "/logout",
      "/lang",
      "/notifications",
    ]) {
      expect(writeDropsOrganization(path), path).toBe(false);
    }
    for (const path of ["/account", "/account/notifications", "/admin/settings", "/admin/members", "/system", "/uploads", "/projects/place-verte", "/projects/place-verte.data"]) {
      expect(writeDropsOrganization(path), path).toBe(true);
    }
  });
});

describe("nonce and cookies", () => {
  it("puts a fresh nonce where the old one was", () => {
    const body = '<script nonce="OLD">a</script><p>OLDER</p><script nonce="OLD">b</script>';
    expect(splitOnNonce(body, "OLD").parts.join("NEW")).toBe('<script nonce="NEW">a</script><p>NEWER</p><script nonce="NEW">b</script>');
    expect(splitOnNonce(body, "").parts.join("NEW")).toBe(body);
    expect(splitOnNonce("é", "").bytes).toBe(2);
  });

  it("keeps only the cookies a cached page may read, in a fixed order", () => {
    expect(keptCookies("z=1; maquette_seed=abc; maquette_lang=en; other=2", ["maquette_seed", "maquette_lang"])).toBe("maquette_lang=en; maquette_seed=abc");
    expect(keptCookies("other=2", ["maquette_seed"])).toBe("");
    expect(keptCookies(undefined, ["maquette_seed"])).toBe("");
  });
});
