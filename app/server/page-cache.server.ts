// A short-lived cache of the pages anonymous visitors get. Most of a town's traffic is people
// reading a project without an account; rendering the same page for each of them is what limits
// the server (React and i18next, 5 to 15 ms of CPU a page). Rules:
// - only GETs without a session cookie are served from it, keyed by organization, protocol, host,
//   locale, URL and the few cookies a page may read (the request Remix sees carries only those);
// - only 200 answers without Set-Cookie, not marked private or no-store, are kept;
// - pages are dropped by scope: each page belongs to one project (`/projects/<slug>/…`) or to the
//   organization's site (home, search, open data, everything else). A change in a project (an
//   event, see app/modules/events) drops that project's pages and the site's listings, not the
//   other projects'; a change of the organization itself drops all its pages. Drops made here are
//   told to the other instances (Redis); otherwise a page lives `ttlMs`;
// - the CSP nonce is cut out of the stored body and a fresh one put in for every answer;
// - concurrent misses on the same page wait for one rendering instead of rendering it each.
import { LRUCache } from "lru-cache";

export type CachedPage = {
  status: number;
  headers: [string, string][];
  /** The body, split where the nonce of the rendering request was. */
  parts: string[];
  /** Its size in UTF-8 (for the cache's limits). */
  bytes: number;
  /** The page's scope (see scopeOfPath) and the generations it was rendered at (see stamp). */
  scope: string;
  generation: string;
};

/** What to drop: the whole organization (projectSlug null) or one project's pages and the listings. */
export type PageDrop = { organizationId: number; projectSlug: string | null };

/** Pages outside any project: home, search, open data… (listings that show every project). */
export const SITE_SCOPE = "site";

/** The page a path is for: single fetch asks for `/x.data` (and `/_root.data` for `/`). */
export function pagePath(pathname: string): string {
  const path = pathname.replace(/\.data$/, "");
  return path === "/_root" ? "/" : path;
}

/** The scope of a page from its path: `project:<slug>` under /projects/<slug>, else the site's. */
export function scopeOfPath(pathname: string): string {
  const m = /^\/projects\/([^/?#]+)/.exec(pagePath(pathname));
  if (!m) return SITE_SCOPE;
  try {
    return `project:${decodeURIComponent(m[1]!)}`;
  } catch {
    return SITE_SCOPE;
  }
}

export type PageCacheOptions = {
  ttlMs: number;
  /** Total size of the stored bodies (default 64 MiB). */
  maxBytes?: number;
  /** Larger pages are not stored (default 2 MiB). */
  maxPageBytes?: number;
};

const STORED_TYPES = /^(text\/html|text\/x-script)\b/i;

export class PageCache {
  private readonly maxPageBytes: number;
  private readonly pages: LRUCache<string, CachedPage>;
  private readonly generations = new Map<number, number>();
  /** Per organization, the generation of each scope that was ever dropped. */
  private readonly scopeGenerations = new Map<number, Map<string, number>>();
  private readonly pending = new Map<string, Promise<CachedPage | null>>();
  private readonly listeners = new Set<(drop: PageDrop) => void>();

  constructor(options: PageCacheOptions) {
    this.maxPageBytes = options.maxPageBytes ?? 2 * 1024 * 1024;
    this.pages = new LRUCache<string, CachedPage>({
      ttl: options.ttlMs,
      ttlAutopurge: false,
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (page) => page.bytes,
    });
  }

  /** Counts the whole-organization drops; a page stored before the last one is not served. */
  generation(organizationId: number): number {
    return this.generations.get(organizationId) ?? 0;
  }

  /** The generations a page of this scope is rendered at: it is served while they stay the same. */
  stamp(organizationId: number, scope: string): string {
    return `${this.generation(organizationId)}:${this.scopeGenerations.get(organizationId)?.get(scope) ?? 0}`;
  }

  /** Something changed in this organization: none of its stored pages is served again. */
  invalidate(organizationId: number, options: { broadcast?: boolean } = {}) {
    this.drop({ organizationId, projectSlug: null }, options);
  }

  /**
   * Drops the whole organization, or one project's pages and the site's listings (home, search,
   * open data show every project); the other projects' pages stay.
   */
  drop(drop: PageDrop, options: { broadcast?: boolean } = {}) {
    const { organizationId, projectSlug } = drop;
    if (projectSlug == null) {
      this.generations.set(organizationId, this.generation(organizationId) + 1);
    } else {
      const scopes = this.scopeGenerations.get(organizationId) ?? new Map<string, number>();
      this.scopeGenerations.set(organizationId, scopes);
      for (const scope of [SITE_SCOPE, `project:${projectSlug}`]) scopes.set(scope, (scopes.get(scope) ?? 0) + 1);
    }
    if (options.broadcast !== false) for (const listener of this.listeners) listener({ organizationId, projectSlug });
  }

  /** Called on every local drop (to tell the other instances). */
  onInvalidate(listener: (drop: PageDrop) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lookup(key: string, organizationId: number): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (page.generation !== this.stamp(organizationId, page.scope)) {
      this.pages.delete(key);
      return undefined;
    }
    return page;
  }

  /**
   * Renders a missing page once for all the requests that want it at the same time: the first
   * caller runs `render`; the others get its page, or null when it could not be kept.
   */
  async single(key: string, render: () => Promise<CachedPage | null>): Promise<{ page: CachedPage | null; shared: boolean }> {
    const running = this.pending.get(key);
    if (running) return { page: await running.catch(() => null), shared: true };
    const promise = render();
    this.pending.set(key, promise);
    try {
      return { page: await promise, shared: false };
    } finally {
      this.pending.delete(key);
    }
  }

  /** Whether an answer may be kept: 200, HTML or single-fetch data, no cookie, not private. */
  static storable(status: number, headers: Headers): boolean {
    if (status !== 200) return false;
    if (headers.has("set-cookie")) return false;
    if (/\b(no-store|private)\b/i.test(headers.get("cache-control") ?? "")) return false;
    return STORED_TYPES.test(headers.get("content-type") ?? "");
  }

  /** Keeps a rendered page, unless a write happened while it rendered or it is too large. */
  store(key: string, organizationId: number, page: CachedPage): boolean {
    if (page.generation !== this.stamp(organizationId, page.scope)) return false;
    if (page.bytes > this.maxPageBytes) return false;
    this.pages.set(key, page);
    return true;
  }
}

/** Cuts the nonce out of a body (and puts another one in with `parts.join(nonce)`). */
export function splitOnNonce(body: string, nonce: string): Pick<CachedPage, "parts" | "bytes"> {
  return { parts: nonce ? body.split(nonce) : [body], bytes: Buffer.byteLength(body) };
}
