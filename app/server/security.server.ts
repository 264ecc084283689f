// HTTP hardening: per-request CSP nonce, helmet (a CSP per organization: its map style's origin),
// same-origin check on writes, rate limits.
import crypto from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import rateLimit from "express-rate-limit";
import type { Organization } from "~/modules/organizations/queries.server";

export function nonceMiddleware(_req: Request, res: Response, next: NextFunction) {
  res.locals.nonce = crypto.randomBytes(16).toString("base64");
  next();
}

export type SecurityHeaderOptions = {
  upgradeInsecure: boolean;
  /** The origin of the organization's map style (https), allowed to serve tiles, glyphs, sprites and images. */
  mapOrigin?: string | null;
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
    return url.protocol === "https:" && url.hostname !== "" ? url.origin : null;
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
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(options.upgradeInsecure ? { "upgrade-insecure-requests": [] } : {}),
  };
}

// One helmet per distinct set of options (secure or not, and each map origin in use), built once.
const helmets = new Map<string, RequestHandler>();
const HELMETS_KEPT = 256;

export function helmetMiddleware(options: SecurityHeaderOptions): RequestHandler {
  const key = `${options.upgradeInsecure ? "s" : "i"} ${options.mapOrigin ?? ""}`;
  let middleware = helmets.get(key);
  if (!middleware) {
    if (helmets.size >= HELMETS_KEPT) helmets.clear();
    middleware = helmet({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityDirectives(options) },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: options.upgradeInsecure ? { maxAge: 15552000, includeSubDomains: false } : false,
    });
    helmets.set(key, middleware);
  }
  return middleware;
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
  const org = res.locals.org as Pick<Organization, "mapStyleUrl"> | undefined;
  helmetMiddleware({ upgradeInsecure: req.secure, mapOrigin: mapStyleOrigin(org?.mapStyleUrl) })(req, res, next);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Writes must come from this origin: the Origin header matches the host, or the browser says same-origin. */
export function isSameOrigin(req: Pick<Request, "method" | "headers" | "protocol" | "get">): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  const site = req.headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin";
  const origin = req.headers.origin;
  if (typeof origin !== "string" || origin === "null") return false;
  try {
    return new URL(origin).host === req.get("host");
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
    skip: (req) => !enabled || req.method !== "POST" || !AUTH_PATHS.has(req.path.replace(/\.data$/, "")),
  });
  return [general, auth];
}
