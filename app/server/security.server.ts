// HTTP hardening: per-request CSP nonce, helmet, same-origin check on writes, rate limits.
import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import rateLimit from "express-rate-limit";

export function nonceMiddleware(_req: Request, res: Response, next: NextFunction) {
  res.locals.nonce = crypto.randomBytes(16).toString("base64");
  next();
}

export function helmetMiddleware(options: { upgradeInsecure: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.nonce}'`, "'wasm-unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", "data:"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(options.upgradeInsecure ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: options.upgradeInsecure ? { maxAge: 15552000, includeSubDomains: false } : false,
  });
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
