// Form schemas of the admin, moderation and system pages, shared by the browser (Conform) and the
// server. Messages are i18n keys. Also used by the org:create command-line tool.
import { z } from "zod";
import { emailField, nameField } from "~/modules/auth/schema";
import { isCanonicalOrigin, normalizeOrigin } from "~/modules/organizations/origin";
import { ROLES } from "~/modules/permissions/permissions";
import { contrastRatio } from "~/utils/color";

/** A host name without port: organizations are found by the request's host name, port stripped. */
export const HOST_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
export const COLOR_PATTERN = /^#[0-9a-f]{6}$/;
/** The near-black of the stylesheet (--text), used by textColorOn. */
const NEAR_BLACK = "#161616";
export const AA_CONTRAST = 4.5;

/** A primary colour is usable when white or near-black text on it reaches AA contrast (4.5:1). */
export function colorHasReadableText(hex: string): boolean {
  return contrastRatio(hex, "#ffffff") >= AA_CONTRAST || contrastRatio(hex, NEAR_BLACK) >= AA_CONTRAST;
}

export const hostField = z
  .string({ required_error: "errors.required" })
  .trim()
  .toLowerCase()
  .min(1, "errors.required")
  .max(253, "admin:errors.hostFormat")
  .regex(HOST_PATTERN, "admin:errors.hostFormat");

export const organizationNameField = z
  .string({ required_error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(120, "admin:errors.organizationNameLength");

export const localeField = z.enum(["fr", "en"], { errorMap: () => ({ message: "errors.invalid" }) });

export const ChangeRoleSchema = z.object({
  // Beyond 2^53 a number is no longer exact, and beyond a bigint PostgreSQL refuses it: no id is that large.
  userId: z.coerce.number({ invalid_type_error: "errors.invalid" }).int().positive().max(Number.MAX_SAFE_INTEGER),
  role: z.enum(ROLES, { errorMap: () => ({ message: "errors.invalid" }) }),
});

export const MAP_STYLE_URL_MAX = 2048;

/**
 * Lower-case labels, at least one dot, a top-level label starting with a letter: a host name a
 * CSP source can carry as it is (no `;` or `,`, which end a directive or a policy), and no IP.
 */
const MAP_STYLE_HOST = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]([a-z0-9-]*[a-z0-9])?$/;

/**
 * A MapLibre style URL on another server as it is stored, or null when it is not acceptable: its
 * origin joins the organization's CSP, so a bad one would break every page. https only, a plain
 * host name (MAP_STYLE_HOST) with an optional port, no credentials, no spaces or control
 * characters, at most MAP_STYLE_URL_MAX characters. Stored as the URL parser writes it
 * (`HTTPS://Tiles.Example` → `https://tiles.example/`), which the database's check mirrors.
 */
export function normalizeMapStyleUrl(value: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are refused
  if (value.length > MAP_STYLE_URL_MAX || /[\s\u0000-\u001f\u007f]/u.test(value)) return null;
  // `https:tiles.example` and `https:/tiles.example` parse too; only the usual form is taken.
  const authority = /^https:\/\/([^/?#]*)/i.exec(value)?.[1];
  if (authority === undefined || authority.includes("@")) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "" || !MAP_STYLE_HOST.test(url.hostname)) return null;
  return url.href.length <= MAP_STYLE_URL_MAX ? url.href : null;
}

/** A decimal number typed in a text field, with a point or a French comma. */
function decimalField(message: string, min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim().replace(",", ".")) : value),
    z
      .number({ required_error: "errors.required", invalid_type_error: message })
      .finite(message)
      .min(min, message)
      .max(max, message),
  );
}

export const OrganizationSettingsSchema = z.object({
  name: organizationNameField,
  defaultLocale: localeField,
  primaryColor: z
    .string({ required_error: "errors.required" })
    .trim()
    .toLowerCase()
    .regex(COLOR_PATTERN, "admin:settings.errors.colorFormat")
    .refine(colorHasReadableText, "admin:settings.errors.colorContrast"),
  /** Reports after which an item is hidden automatically until a moderator decides. */
  reportThreshold: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value),
    z
      .number({ required_error: "errors.required", invalid_type_error: "admin:settings.errors.reportThreshold" })
      .int("admin:settings.errors.reportThreshold")
      .min(1, "admin:settings.errors.reportThreshold")
      .max(100, "admin:settings.errors.reportThreshold"),
  ),
});

/** The maps' settings, a form of their own on the settings page (intent "map"). */
export const MapSettingsSchema = z.object({
  intent: z.literal("map"),
  /** Empty: the built-in basemap (public/map/style.json); else an https MapLibre style (normalizeMapStyleUrl). */
  mapStyleUrl: z
    .string()
    .trim()
    .max(MAP_STYLE_URL_MAX, "admin:settings.errors.mapStyleUrl")
    // Too long: said once, by max() above.
    .refine((value) => value === "" || value.length > MAP_STYLE_URL_MAX || normalizeMapStyleUrl(value) !== null, "admin:settings.errors.mapStyleUrl")
    .optional()
    .transform((value) => (value ? normalizeMapStyleUrl(value) : null)),
  mapCenterLng: decimalField("admin:settings.errors.mapCenterLng", -180, 180),
  mapCenterLat: decimalField("admin:settings.errors.mapCenterLat", -90, 90),
  mapZoom: decimalField("admin:settings.errors.mapZoom", 0, 22),
});

export const CreateOrganizationSchema = z
  .object({
    host: hostField,
    name: organizationNameField,
    defaultLocale: localeField.default("fr"),
    /**
     * Where the site is, the base of the links in its mails (`https://participez.ville.example`);
     * empty: `https://<host>` (organizations/origin.ts). It must name the same host.
     */
    origin: z
      .string()
      .optional()
      .transform((value) => (value?.trim() ? normalizeOrigin(value) : undefined)),
    /** Optional first admin: with an e-mail, a name is needed too. */
    adminEmail: emailField.optional(),
    adminName: nameField.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.adminEmail && !value.adminName) ctx.addIssue({ code: "custom", path: ["adminName"], message: "errors.required" });
    if (value.origin !== undefined && !isCanonicalOrigin(value.origin, value.host)) {
      ctx.addIssue({ code: "custom", path: ["origin"], message: "admin:system.errors.originFormat" });
    }
  });

/** Members list filters, from the query string; anything malformed falls back to the default. */
export const MemberFiltersSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  role: z.enum(ROLES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
