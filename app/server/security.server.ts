// HTTP hardening: per-request CSP nonce, helmet (a CSP per organization: its map style's origin),
// same-origin check on writes, rate limits.
import crypto from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import rateLimit from "express-rate-limit";
import type { Organization } from "~/modules/organizations/queries.server";
import { routePath } from "./request-guard.server";

export function nonceMiddleware(_req: Request, res: Response, next: NextFunction) {
  res.locals.nonce = crypto.randomBytes(16).toString("base64");
  next();
}

export type SecurityHeaderOptions = {
  upgradeInsecure: boolean;
  /** The origin of the organization's map style (https), allowed to serve tiles, glyphs, sprites and images. */
  mapOrigin?: string | null;
  /**
   * Origins of the organization's identity providers: logging out through one is a form POST
   * whose redirect goes there, which `form-action` must allow (Chromium checks redirects too).
   */
  formOrigins?: readonly string[];
};

/**
 * The origin of an organization's map style URL ("https://data.geopf.fr"), or null when there is
 * none or it is not https. The style, its tiles, glyphs and sprites are fetched by maplibre's
 * worker (connect-src); images may be drawn from it too (img-src). worker-src stays 'self'.
 */
export function mapStyleOrigin(styleUrl: string | null | undefined): string | null {
  if (!styleUrl) return null;
  try {
    const url = new URL(styleUrl);
    // Only what a CSP source can carry: a host name of letters, digits, dots and hyphens (WHATWG
    // URLs accept `;` or `,` in a host, which would split the header), an optional port.
    if (url.protocol !== "https:" || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(url.hostname)) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** The origin of an http(s) URL as a CSP source can carry it, or null. */
export function cspOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(url.hostname)) return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function contentSecurityDirectives(options: SecurityHeaderOptions) {
  const map = options.mapOrigin ? [options.mapOrigin] : [];
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'", (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.nonce}'`, "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...map],
    "font-src": ["'self'"],
    "connect-src": ["'self'", "data:", ...map],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", ...(options.formOrigins ?? []).filter((o) => cspOrigin(o) === o)],
    "frame-ancestors": ["'none'"],
    ...(options.upgradeInsecure ? { "upgrade-insecure-requests": [] } : {}),
  };
}

// One helmet per distinct set of options (secure or not, and each map origin in use), built once.
const helmets = new Map<string, RequestHandler>();
const HELMETS_KEPT = 256;

export function helmetMiddleware(options: SecurityHeaderOptions): RequestHandler {
  const key = `${options.upgradeInsecure ? "s" : "i"} ${options.mapOrigin ?? ""} ${(options.formOrigins ?? []).join(" ")}`;
  let middleware = helmets.get(key);
  if (!middleware) {
    if (helmets.size >= HELMETS_KEPT) helmets.clear();
    try {
      middleware = buildHelmet(options);
    } catch (error) {
      // A stored value the CSP cannot carry must never take the organization's pages down:
      // its map origin is left out (the map then falls back to failing its own requests).
      if (!options.mapOrigin) throw error;
      console.warn(`[maquette] map style origin left out of the CSP: ${(error as Error).message}`);
      middleware = helmetMiddleware({ ...options, mapOrigin: null });
    }
    helmets.set(key, middleware);
  }
  return middleware;
}

function buildHelmet(options: SecurityHeaderOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityDirectives(options) },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: options.upgradeInsecure ? { maxAge: 15552000, includeSubDomains: false } : false,
  });
}

/** The headers without any organization: static files and the unknown-host page. */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  helmetMiddleware({ upgradeInsecure: req.secure })(req, res, next);
}

/**
 * express.static's `setHeaders`: the headers without any organization, on the files it serves
 * (static files are served before, and whatever, the organization). helmet sets its headers
 * synchronously; an error there is a bug in the directives, thrown to Express.
 */
export function staticSecurityHeaders(res: Response) {
  securityHeaders(res.req, res, (error?: unknown) => {
    if (error) throw error;
  });
}

/**
 * The headers of a page, after the organization is resolved (res.locals.org): its CSP also allows
 * the origin of its map style, when it has one on another server.
 */
export function organizationSecurityHeaders(req: Request, res: Response, next: NextFunction) {
  const org = res.locals.org as Pick<Organization, "mapStyleUrl" | "identityOrigins"> | undefined;
  helmetMiddleware({ upgradeInsecure: req.secure, mapOrigin: mapStyleOrigin(org?.mapStyleUrl), formOrigins: org?.identityOrigins })(req, res, next);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Writes must come from this origin: the browser says same-origin, or the Origin header is this
 * request's origin: scheme, host and port (`https://localhost:3000` is another origin than
 * `http://localhost:3000`). Behind a trusted proxy, the scheme and host are the forwarded ones.
 */
export function isSameOrigin(req: Pick<Request, "method" | "headers" | "protocol" | "get" | "app">): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  const site = req.headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin";
  const origin = req.headers.origin;
  if (typeof origin !== "string" || origin === "null") return false;
  // Express's req.protocol follows X-Forwarded-Proto only behind a trusted proxy.
  const forwardedHost = req.app?.get("trust proxy") ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwardedHost || req.get("host");
  return Boolean(host) && isOriginOf(origin, `${req.protocol}://${host}`);
}

/** Whether an Origin header names exactly this origin (scheme, host, port; default ports folded). */
export function isOriginOf(origin: string, expected: string): boolean {
  try {
    return new URL(origin).origin === new URL(expected).origin;
  } catch {
    return false;
  }
}

export function sameOriginMiddleware(req: Request, res: Response, next: NextFunction) {
  if (isSameOrigin(req)) return next();
  res.status(403).type("text/plain").send("403 Forbidden: cross-origin request refused / requête d'une autre origine refusée");
}

const AUTH_PATHS = new Set(["/login", "/signup", "/forgot-password", "/reset-password"]);

/** In-memory per-instance limits; login throttling proper (per account and IP) lives in the database. */
export function rateLimits(enabled: boolean) {
  const general = rateLimit({
    windowMs: 60_000,
    limit: 600,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    skip: () => !enabled,
  });
  const auth = rateLimit({
    windowMs: 10 * 60_000,
    limit: 60,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // Keyed on the route that runs, not the raw path: `/LOGIN/`, `//login` and `/login.data` are the login route.
    skip: (req) => !enabled || req.method !== "POST" || !AUTH_PATHS.has(routePath(req.path)),
  });
  return [general, auth];
}
