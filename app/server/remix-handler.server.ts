// Express → Remix, as @remix-run/express does it, with the page cache of anonymous visitors in
// between (see page-cache.server.ts for its rules).
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { readCookie, sessionCookieName } from "~/modules/auth/session.server";
import { PageCache, splitOnNonce, type CachedPage } from "./page-cache.server";

export type RemixHandlerOptions = {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  cache?: PageCache;
  /** The only cookies an anonymous page may read: they are part of the cache key. */
  varyCookies?: readonly string[];
};

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function createRemixHandler(options: RemixHandlerOptions) {
  const handle = createRequestHandler(options.build, options.mode);
  const cache = options.cache;
  const varyCookies = options.varyCookies ?? [];

  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const context = options.getLoadContext(req, res);
      const organizationId = context.org.id;
      if (cache && WRITES.has(req.method)) {
        // Whatever the write changed, the organization's stored pages are dropped once it is done.
        res.on("finish", () => {
          if (res.statusCode < 400) cache.invalidate(organizationId);
        });
      }
      if (!cache || req.method !== "GET" || context.auth || hasSessionCookie(req.headers.cookie)) {
        await sendResponse(res, await handle(toFetchRequest(req, res), context));
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
      const { page, shared } = await cache.single(key, async () => {
        const generation = cache.generation(organizationId);
        const response = await handle(toFetchRequest(req, res, cookies), context);
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
          parts: splitOnNonce(await response.text(), context.nonce),
          generation,
        };
        cache.store(key, organizationId, rendered);
        return rendered;
      });
      if (page) {
        sendPage(res, page, context.nonce, shared ? "hit" : "miss");
      } else if (own) {
        await sendResponse(res, own);
      } else {
        // The page another request rendered could not be kept (a cookie, an error): render ours.
        await sendResponse(res, await handle(toFetchRequest(req, res, cookies), context));
      }
    } catch (error) {
      next(error);
    }
  };
}

function hasSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return readCookie(cookieHeader, sessionCookieName(true)) !== null || readCookie(cookieHeader, sessionCookieName(false)) !== null;
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

function sendPage(res: ExpressResponse, page: CachedPage, nonce: string, outcome: "hit" | "miss") {
  res.status(page.status);
  for (const [name, value] of page.headers) res.append(name, value);
  res.set("X-Page-Cache", outcome);
  res.send(page.parts.join(nonce));
}

function toFetchRequest(req: ExpressRequest, res: ExpressResponse, cookieHeader?: string): Request {
  // req.hostname respects "trust proxy"; the port comes from X-Forwarded-Host or Host.
  const port = (req.get("X-Forwarded-Host") ?? req.get("host") ?? "").split(":")[1];
  const host = `${req.hostname}${port && /^\d+$/.test(port) ? `:${port}` : ""}`;
  const url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headers)) {
    if (!values) continue;
    if (name === "cookie" && cookieHeader !== undefined) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(name, value);
    else headers.set(name, values);
  }
  if (cookieHeader) headers.set("cookie", cookieHeader);
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  // Abort loaders and actions when the answer can no longer be written (close without finish).
  res.on("finish", () => {
    controller = null;
  });
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
