// Form schemas of the admin, moderation and system pages, shared by the browser (Conform) and the
// server. Messages are i18n keys. Also used by the org:create command-line tool.
import { z } from "zod";
import { emailField, nameField } from "~/modules/auth/schema";
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
  userId: z.coerce.number({ invalid_type_error: "errors.invalid" }).int().positive(),
  role: z.enum(ROLES, { errorMap: () => ({ message: "errors.invalid" }) }),
});

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

export const CreateOrganizationSchema = z
  .object({
    host: hostField,
    name: organizationNameField,
    defaultLocale: localeField.default("fr"),
    /** Optional first admin: with an e-mail, a name is needed too. */
    adminEmail: emailField.optional(),
    adminName: nameField.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.adminEmail && !value.adminName) ctx.addIssue({ code: "custom", path: ["adminName"], message: "errors.required" });
  });

/** Members list filters, from the query string; anything malformed falls back to the default. */
export const MemberFiltersSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  role: z.enum(ROLES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
