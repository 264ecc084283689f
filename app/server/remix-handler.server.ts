// Express → Remix, as @remix-run/express does it, with the page cache of anonymous visitors in
// between (see page-cache.server.ts for its rules).
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { readCookie } from "~/modules/auth/session.server";
import { PageCache, pagePath, scopeOfPath, splitOnNonce, type CachedPage } from "./page-cache.server";

export type RemixHandlerOptions = {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  cache?: PageCache;
  /** The only cookies an anonymous page may read: they are part of the cache key. */
  varyCookies?: readonly string[];
};

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Writes whose changes to anonymous pages are all told by events (app/modules/events: the
 * dispatcher drops the pages of the project they touch), or that change no page an anonymous
 * visitor can get (logging in or out, the language cookie, a member's own notifications, blocking,
 * which only changes what the blocked member may do). Any other successful write still drops the
 * whole organization's pages: the account (a member's name is shown beside their contributions),
 * administration and the system pages, following a project, uploads.
 */
const TOLD_BY_EVENTS: readonly RegExp[] = [
  /^\/comments\/?$/,
  /^\/report\/?$/,
  /^\/projects\/[^/]+\/(proposals|debates)(\/|$)/,
  /^\/moderation(\/|$)/,
  /^\/manage\/projects(\/|$)/,
  /^\/notifications(\/|$)/,
  /^\/(login|logout|lang|signup|forgot-password|reset-password|confirm-email|confirm-email\/resend)\/?$/,
];

/**
 * Pages that read cookies of their own and are never stored: the identity providers' login,
 * callback and link pages (their state cookie binds a login to the browser, decision 58).
 */
const NEVER_CACHED: readonly RegExp[] = [/^\/auth\//];

/** Whether a successful write at this path must drop all the organization's cached pages. */
export function writeDropsOrganization(pathname: string): boolean {
  const path = pagePath(pathname);
  return !TOLD_BY_EVENTS.some((rule) => rule.test(path));
}

export function createRemixHandler(options: RemixHandlerOptions) {
  const handle = createRequestHandler(options.build, options.mode);
  const cache = options.cache;
  const varyCookies = options.varyCookies ?? [];

  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const context = options.getLoadContext(req, res);
      const organizationId = context.org.id;
      if (cache && WRITES.has(req.method) && writeDropsOrganization(req.path)) {
        // A write no event tells about: the organization's stored pages are dropped once it is done.
        res.on("finish", () => {
          if (res.statusCode < 400) cache.invalidate(organizationId);
        });
      }
      // A stale session cookie renders as anonymous, and Remix never sees it below: cacheable too.
      if (!cache || req.method !== "GET" || context.auth || NEVER_CACHED.some((rule) => rule.test(pagePath(req.path)))) {
        await sendRemixResponse(res, await handle(createRemixRequest(req, res), context));
        return;
      }

      const cookies = keptCookies(req.headers.cookie, varyCookies);
      const key = [organizationId, req.protocol, req.get("host") ?? "", context.locale, cookies, req.originalUrl].join("\n");
      const stored = cache.lookup(key, organizationId);
      if (stored) {
        sendPage(res, stored, context.nonce, "hit");
        return;
      }
      // The first request for a missing page renders it; the ones arriving meanwhile wait for it.
      let own = null as Response | null;
      const scope = scopeOfPath(req.path);
      const { page, shared } = await cache.single(key, async () => {
        const generation = cache.stamp(organizationId, scope);
        const response = await handle(withCookies(createRemixRequest(req, res), cookies), context);
        if (!response.body || !PageCache.storable(response.status, response.headers)) {
          own = response;
          return null;
        }
        const headers: [string, string][] = [];
        response.headers.forEach((value, name) => {
          if (name !== "content-length" && name !== "transfer-encoding") headers.push([name, value]);
        });
        const rendered: CachedPage = {
          status: response.status,
          headers,
          ...splitOnNonce(await response.text(), context.nonce),
          scope,
          generation,
        };
        cache.store(key, organizationId, rendered);
        return rendered;
      });
      if (page) {
        sendPage(res, page, context.nonce, shared ? "hit" : "miss");
      } else if (own) {
        await sendRemixResponse(res, own);
      } else {
        // The page another request rendered could not be kept (a cookie, an error): render ours.
        await sendRemixResponse(res, await handle(withCookies(createRemixRequest(req, res), cookies), context));
      }
    } catch (error) {
      next(error);
    }
  };
}

/** "a=1; b=2" reduced to the cookies a cached page may depend on, in a fixed order. */
export function keptCookies(cookieHeader: string | undefined, names: readonly string[]): string {
  if (!cookieHeader) return "";
  const kept: string[] = [];
  for (const name of [...names].sort()) {
    const value = readCookie(cookieHeader, name);
    if (value !== null) kept.push(`${name}=${value}`);
  }
  return kept.join("; ");
}

/**
 * The Fetch Request Remix sees. Its URL is built from the request's protocol and Host (the
 * X-Forwarded-* ones only behind a trusted proxy: Express's `req.protocol`, and the first
 * X-Forwarded-Host, checked by the request guard); its body is the one the guard read and
 * checked (`res.locals.body`), never the raw stream.
 */
export function createRemixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const trusted = Boolean(req.app.get("trust proxy"));
  const forwardedHost = trusted ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwardedHost || req.get("host") || "localhost";
  const url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // Forwarded headers from a proxy that is not trusted say nothing true: Remix never sees them
    // (its own CSRF check would otherwise compare Origin with a forged X-Forwarded-Host).
    if (value === undefined || (!trusted && name.startsWith("x-forwarded-"))) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  let controller: AbortController | null = new AbortController();
  // Abort loaders and actions when the answer can no longer be written (closed before finished).
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = res.locals.body as Buffer | undefined;
    // A Buffer is a Uint8Array; TypeScript's DOM types only want one backed by a plain ArrayBuffer.
    init.body = (body ?? new Uint8Array(0)) as unknown as BodyInit;
  }
  return new Request(url.href, init);
}

export async function sendRemixResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  response.headers.forEach((value, name) => {
    res.append(name, value);
  });
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function sendPage(res: ExpressResponse, page: CachedPage, nonce: string, outcome: "hit" | "miss") {
  res.status(page.status);
  for (const [name, value] of page.headers) res.append(name, value);
  res.set("X-Page-Cache", outcome);
  res.send(page.parts.join(nonce));
}

/** The same request carrying only the given cookies (those the cache key holds). */
function withCookies(request: Request, cookieHeader: string): Request {
  const headers = new Headers(request.headers);
  if (cookieHeader) headers.set("cookie", cookieHeader);
  else headers.delete("cookie");
  return new Request(request, { headers });
}
