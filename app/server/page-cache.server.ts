// A short-lived cache of the pages anonymous visitors get. Most of a town's traffic is people
// reading a project without an account; rendering the same page for each of them is what limits
// the server (React and i18next, 5 to 15 ms of CPU a page). Rules:
// - only GETs without a session cookie are served from it, keyed by organization, protocol, host,
//   locale, URL and the few cookies a page may read (the request Remix sees carries only those);
// - only 200 answers without Set-Cookie, not marked private or no-store, are kept;
// - any write in an organization (a POST that succeeded, here or on another instance through
//   Redis) drops that organization's pages at once; otherwise a page lives `ttlMs`;
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
  generation: number;
};

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
  private readonly pending = new Map<string, Promise<CachedPage | null>>();
  private readonly listeners = new Set<(organizationId: number) => void>();

  constructor(options: PageCacheOptions) {
    this.maxPageBytes = options.maxPageBytes ?? 2 * 1024 * 1024;
    this.pages = new LRUCache<string, CachedPage>({
      ttl: options.ttlMs,
      ttlAutopurge: false,
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (page) => page.bytes,
    });
  }

  /** Counts the writes of an organization; a page stored before the last one is not served. */
  generation(organizationId: number): number {
    return this.generations.get(organizationId) ?? 0;
  }

  /** Something changed in this organization: none of its stored pages is served again. */
  invalidate(organizationId: number, options: { broadcast?: boolean } = {}) {
    this.generations.set(organizationId, this.generation(organizationId) + 1);
    if (options.broadcast !== false) for (const listener of this.listeners) listener(organizationId);
  }

  /** Called on every local invalidation (to tell the other instances). */
  onInvalidate(listener: (organizationId: number) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lookup(key: string, organizationId: number): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (page.generation !== this.generation(organizationId)) {
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
    if (page.generation !== this.generation(organizationId)) return false;
    if (page.bytes > this.maxPageBytes) return false;
    this.pages.set(key, page);
    return true;
  }
}

/** Cuts the nonce out of a body (and puts another one in with `parts.join(nonce)`). */
export function splitOnNonce(body: string, nonce: string): Pick<CachedPage, "parts" | "bytes"> {
  return { parts: nonce ? body.split(nonce) : [body], bytes: Buffer.byteLength(body) };
}
