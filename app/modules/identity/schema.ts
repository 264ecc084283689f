// Identity providers (OpenID Connect) as admins configure them, and the claims Maquette reads from
// them. Shared by the browser (Conform) and the server; messages are i18n keys.
import { z } from "zod";

export const PROVIDER_KINDS = ["franceconnect", "proconnect", "oidc"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** FranceConnect asks one scope per claim; ProConnect and the others the standard ones. */
export const DEFAULT_SCOPES: Record<ProviderKind, string> = {
  franceconnect: "openid given_name family_name birthdate email",
  proconnect: "openid given_name usual_name email",
  oidc: "openid profile email",
};

/** What a provider shows on the login page. */
export type ProviderButton = { slug: string; kind: ProviderKind; label: string };

/** A provider as its admin page lists it (never its secret). */
export type ProviderSummary = ProviderButton & {
  id: number;
  issuer: string;
  clientId: string;
  scopes: string;
  enabled: boolean;
};

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An issuer as stored, or null: https with a plain host name, or http on this machine (a local
 * provider for tests and demos); no credentials, query or fragment; no trailing slash.
 */
export function normalizeIssuer(value: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are refused
  if (value.length > 300 || /[\s\u0000-\u001f\u007f]/u.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash) return null;
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return null;
  if (!local && !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]([a-z0-9-]*[a-z0-9])?$/.test(url.hostname)) return null;
  return url.href.replace(/\/$/, "");
}

/** The issuer may be http only on this machine (openid-client refuses http otherwise). */
export function isLocalIssuer(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    return url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

const text = (max: number, tooLong: string) =>
  z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, tooLong);

export const ProviderSchema = z.object({
  kind: z.enum(PROVIDER_KINDS, { errorMap: () => ({ message: "errors.invalid" }) }),
  label: text(80, "identity:errors.labelLength"),
  slug: z
    .string({ required_error: "errors.required" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "identity:errors.slug"),
  issuer: z
    .string({ required_error: "errors.required" })
    .trim()
    .transform((v, ctx) => {
      const issuer = normalizeIssuer(v);
      if (!issuer) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "identity:errors.issuer" });
        return z.NEVER;
      }
      return issuer;
    }),
  clientId: text(200, "identity:errors.clientIdLength"),
  /** Empty when editing: the stored secret stays. */
  clientSecret: z.string().max(500, "identity:errors.secretLength").optional(),
  scopes: z
    .string()
    .trim()
    .regex(/^openid( [a-z_:.-]{1,40}){0,12}$/, "identity:errors.scopes")
    .optional(),
  enabled: z
    .enum(["on"])
    .optional()
    .transform((v) => v === "on"),
});
export type ProviderInput = z.infer<typeof ProviderSchema>;

/** Claims read from the ID token and the userinfo (FranceConnect's names; ProConnect's usual_name). */
export const IdentityClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().trim().toLowerCase().max(254).email().optional(),
  email_verified: z.boolean().optional(),
  given_name: z.string().trim().max(200).optional(),
  family_name: z.string().trim().max(200).optional(),
  usual_name: z.string().trim().max(200).optional(),
  name: z.string().trim().max(200).optional(),
  birthdate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type IdentityClaims = z.infer<typeof IdentityClaimsSchema>;

/** The name an account gets from an identity: "Angela Claire Louise Dubois", at most 80 characters. */
export function displayNameOf(claims: IdentityClaims): string | null {
  const family = claims.family_name ?? claims.usual_name;
  const name = [claims.given_name, family && titleCase(family)].filter(Boolean).join(" ") || claims.name || "";
  const trimmed = name.replace(/\s+/g, " ").trim().slice(0, 80).trim();
  return trimmed.length > 0 ? trimmed : null;
}

/** FranceConnect gives family names in capitals: "LEFÈVRE-DURAND" → "Lefèvre-Durand". */
function titleCase(value: string): string {
  if (value !== value.toUpperCase()) return value;
  return value.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

export const LinkAccountSchema = z.object({
  password: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(200, "errors.passwordLength"),
});

const dayField = z
  .string({ required_error: "errors.required" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "identity:errors.date")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, "identity:errors.date");

/** A day after today (UTC is close enough for a form; the database decides on the Paris day). */
const futureDay = dayField.refine((v) => v > new Date().toISOString().slice(0, 10), "identity:errors.datePast");

export const CensusImportSchema = z.object({
  intent: z.literal("census"),
  validUntil: futureDay,
});

export const InPersonSchema = z.object({
  intent: z.literal("inPerson"),
  email: z.string({ required_error: "errors.required" }).trim().toLowerCase().max(254, "errors.email").email("errors.email"),
  birthDate: dayField.optional(),
  until: futureDay,
});
