import { describe, expect, it } from "vitest";
import { PageCache, splitOnNonce, type CachedPage } from "./page-cache.server";
import { keptCookies } from "./remix-handler.server";

const page = (generation: number, body = "<p>hello</p>"): CachedPage => ({
  status: 200,
  headers: [["content-type", "text/html"]],
  ...splitOnNonce(body, ""),
  generation,
});

describe("page cache", () => {
  it("serves a stored page until the organization writes, and only that organization's", () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    expect(cache.store("a", 1, page(cache.generation(1)))).toBe(true);
    expect(cache.store("b", 2, page(cache.generation(2)))).toBe(true);
    expect(cache.lookup("a", 1)?.parts).toEqual(["<p>hello</p>"]);
    cache.invalidate(1);
    expect(cache.lookup("a", 1)).toBeUndefined();
    expect(cache.lookup("b", 2)).toBeDefined();
  });

  it("does not keep a page that rendered while a write happened", () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    const before = cache.generation(1);
    cache.invalidate(1);
    expect(cache.store("a", 1, page(before))).toBe(false);
    expect(cache.lookup("a", 1)).toBeUndefined();
  });

  it("forgets pages after their time", async () => {
    const cache = new PageCache({ ttlMs: 30 });
    cache.store("a", 1, page(0));
    expect(cache.lookup("a", 1)).toBeDefined();
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.lookup("a", 1)).toBeUndefined();
  });

  it("refuses pages larger than its limit", () => {
    const cache = new PageCache({ ttlMs: 60_000, maxPageBytes: 10 });
    expect(cache.store("a", 1, page(0, "x".repeat(11)))).toBe(false);
    expect(cache.store("b", 1, page(0, "é".repeat(5)))).toBe(true);
  });

  it("renders a missing page once for the requests that want it together", async () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 20));
      return page(0);
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
    const waiting = cache.single("k", async () => page(0));
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
    const told: number[] = [];
    cache.onInvalidate((id) => told.push(id));
    cache.invalidate(3);
    cache.invalidate(4, { broadcast: false });
    expect(told).toEqual([3]);
    expect(cache.generation(4)).toBe(1);
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
