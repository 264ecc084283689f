// A town's identity on its public pages (issue 10, item 3, public side): the home banner, a short
// welcome text, the footer's links. The validation is shared by the command and any form that
// edits them: plain text only (no markup to sanitize), links to http(s) pages or to this site.
import { z } from "zod";
import { isWellFormedText } from "~/utils/text";

export const MAX_FOOTER_LINKS = 6;

const label = z
  .string()
  .trim()
  .min(1, "admin:identity.errors.labelRequired")
  .max(80, "admin:identity.errors.labelTooLong")
  .refine(isWellFormedText, "admin:identity.errors.badCharacter");

/** https://…, http://… or a path of this site ("/conditions"); no spaces, quotes or angle brackets. */
export function isSafeFooterHref(href: string): boolean {
  if (href.length > 2048 || /[\s"'<>\\]/.test(href)) return false;
  if (href.startsWith("/")) return !href.startsWith("//");
  try {
    const url = new URL(href);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password && Boolean(url.hostname);
  } catch {
    return false;
  }
}

export const FooterLinkSchema = z.object({
  label,
  href: z.string().trim().refine(isSafeFooterHref, "admin:identity.errors.badLink"),
});
export type FooterLink = z.infer<typeof FooterLinkSchema>;

export const TownIdentitySchema = z.object({
  welcomeText: z
    .string()
    .trim()
    .max(600, "admin:identity.errors.welcomeTooLong")
    .refine(isWellFormedText, "admin:identity.errors.badCharacter")
    .transform((s) => (s === "" ? null : s))
    .nullable(),
  bannerAlt: z
    .string()
    .trim()
    .max(300, "admin:identity.errors.altTooLong")
    .refine(isWellFormedText, "admin:identity.errors.badCharacter")
    .transform((s) => (s === "" ? null : s))
    .nullable(),
  footerLinks: z.array(FooterLinkSchema).max(MAX_FOOTER_LINKS, "admin:identity.errors.tooManyLinks"),
});
export type TownIdentityInput = z.input<typeof TownIdentitySchema>;

/** Stored footer links as shown: what does not validate any more is left out rather than shown. */
export function footerLinksFromStored(stored: unknown): FooterLink[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((item) => {
    const parsed = FooterLinkSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  }).slice(0, MAX_FOOTER_LINKS);
}
