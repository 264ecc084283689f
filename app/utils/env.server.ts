// Parses the process environment once, at start-up: a malformed variable stops the server
// with one clear line instead of failing later in a request.
import { z } from "zod";

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  REDIS_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("Maquette <no-reply@maquette.localhost>"),
  STORAGE_DIR: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  SECURE_COOKIES: z.enum(["auto", "always", "never"]).default("auto"),
  DEMO_SEED: boolish.optional(),
  RATE_LIMIT: boolish.default("true"),
  /** How long anonymous visitors' pages are kept (0: never); any write drops them at once. */
  PAGE_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).default("info"),
  /** `json` (one object a line) or `text` (`[maquette] …`); default: text on a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(["json", "text"]).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Worker processes (checked with its own message by app/server/concurrency.ts). */
  WEB_CONCURRENCY: z.string().optional(),
  /** GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`; without it, 404. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /**
   * The key that encrypts the OpenID Connect providers' client secrets (AES-256-GCM): 32 bytes as
   * 64 hex digits or base64. Without it, admins cannot save a provider (login buttons still show
   * for those saved before only if it comes back).
   */
  OIDC_SECRET_KEY: z
    .string()
    .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, "base64").length === 32, "32 bytes, as 64 hex digits or base64")
    .optional(),
  /** Seconds an OpenID Connect provider has to answer (discovery, token, userinfo). */
  OIDC_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).default(8),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment: ${lines.join("; ")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}
