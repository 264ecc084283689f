// The admins' form of the town's identity (issue 10, item 3): logo, home banner with its alt text,
// welcome text (rich text, validated like every rich text) and footer links. Everything is checked
// before anything is stored: a file that is not a PNG, JPEG or WebP picture (an SVG above all: it
// can carry scripts), one too large, a banner without its alt text, a bad link: the form comes back
// with its messages and nothing is written. Pictures are decoded and re-encoded by the uploads
// module (WebP, metadata dropped), checked by their content, never by their name.
import sharp from "sharp";
import { readRichTextInput } from "~/modules/projects/richtext-input.server";
import { pickVariant, storeImage, uploadUrl } from "~/modules/uploads/uploads.server";
import type { Sql } from "~/utils/db.server";
import { MAX_FOOTER_LINKS, TownIdentitySchema } from "./identity";
import { loadTownIdentity, setTownIdentity } from "./identity.server";

export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
export const MAX_BANNER_BYTES = 10 * 1024 * 1024;
export const WELCOME_MAX = 600;
/** The logo's width in the header: its 400 px variant is plenty. */
const LOGO_WIDTH = 400;
const PICTURE_FORMATS = new Set(["png", "jpeg", "webp"]);

export type IdentityFieldErrors = Partial<Record<"logo" | "banner" | "bannerAlt" | "welcome" | "footerLinks" | "form", string[]>>;
export type IdentityFormResult = { ok: true } | { ok: false; errors: IdentityFieldErrors };

/** A file field that holds a file (an empty file input posts an empty, nameless part). */
function fileOf(value: FormDataEntryValue | null): File | null {
  return value && typeof value !== "string" && value.size > 0 ? value : null;
}

/** Why a picture is refused, or null: its content decides (an SVG named .png is still an SVG). */
async function pictureProblem(file: File, max: number, field: "logo" | "banner"): Promise<string | null> {
  if (file.size > max) return `admin:identity.errors.${field}TooLarge`;
  const data = Buffer.from(await file.arrayBuffer());
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(data.subarray(0, 1024).toString("utf8"))) return "admin:identity.errors.svg";
  try {
    const meta = await sharp(data).metadata();
    if (meta.format === "svg") return "admin:identity.errors.svg";
    if (!meta.format || !PICTURE_FORMATS.has(meta.format)) return "admin:identity.errors.notPicture";
  } catch {
    return "admin:identity.errors.notPicture";
  }
  return null;
}

/** The footer links typed in the form's rows (`footerLinks[i].label` / `.href`); empty rows left out. */
export function footerLinksOf(formData: FormData): { label: string; href: string }[] {
  const links: { label: string; href: string }[] = [];
  for (let i = 0; i < MAX_FOOTER_LINKS; i++) {
    const label = String(formData.get(`footerLinks[${i}].label`) ?? "").trim();
    const href = String(formData.get(`footerLinks[${i}].href`) ?? "").trim();
    if (label || href) links.push({ label, href });
  }
  return links;
}

export async function saveTownIdentityForm(
  sql: Sql,
  input: { organizationId: number; actorId: number; formData: FormData; tooLarge: Set<string> },
): Promise<IdentityFormResult> {
  const { formData, organizationId } = input;
  const errors: IdentityFieldErrors = {};
  const add = (field: keyof IdentityFieldErrors, key: string) => (errors[field] ??= []).push(key);

  const logo = fileOf(formData.get("logo"));
  const banner = fileOf(formData.get("banner"));
  if (input.tooLarge.has("logo")) add("logo", "admin:identity.errors.logoTooLarge");
  if (input.tooLarge.has("banner")) add("banner", "admin:identity.errors.bannerTooLarge");
  if (logo) {
    const problem = await pictureProblem(logo, MAX_LOGO_BYTES, "logo");
    if (problem) add("logo", problem);
  }
  if (banner) {
    const problem = await pictureProblem(banner, MAX_BANNER_BYTES, "banner");
    if (problem) add("banner", problem);
  }

  const welcome = readRichTextInput(String(formData.get("welcome") ?? ""), String(formData.get("welcomeFormat") ?? "plain"), "basic", {
    required: false,
    maxTextLength: WELCOME_MAX,
  });
  if (!welcome.ok) add("welcome", welcome.error);

  const bannerAlt = String(formData.get("bannerAlt") ?? "");
  const footerLinks = footerLinksOf(formData);
  const parsed = TownIdentitySchema.safeParse({ welcomeText: null, bannerAlt, footerLinks });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(issue.path[0] === "bannerAlt" ? "bannerAlt" : "footerLinks", issue.message);
  }

  const current = await currentUploads(sql, organizationId);
  const removeBanner = formData.get("removeBanner") === "on";
  const keepsBanner = banner != null || (current.bannerUploadId != null && !removeBanner);
  if (keepsBanner && !bannerAlt.trim()) add("bannerAlt", "admin:identity.errors.altRequired");

  if (Object.keys(errors).length > 0) return { ok: false, errors };

  // Everything is valid: the pictures are stored (re-encoded), then the identity in one transaction.
  const storedLogo = logo
    ? await storeImage(sql, { organizationId, uploaderId: input.actorId, data: Buffer.from(await logo.arrayBuffer()), originalName: logo.name })
    : null;
  const storedBanner = banner
    ? await storeImage(sql, { organizationId, uploaderId: input.actorId, data: Buffer.from(await banner.arrayBuffer()), originalName: banner.name })
    : null;
  const logoChange =
    storedLogo != null
      ? { uploadId: storedLogo.id, path: uploadUrl(pickVariant(storedLogo.variants, LOGO_WIDTH)!.key) }
      : formData.get("removeLogo") === "on"
        ? null
        : undefined;
  const result = await setTownIdentity(sql, {
    organizationId,
    actorId: input.actorId,
    bannerUploadId: storedBanner?.id ?? (removeBanner ? null : current.bannerUploadId),
    identity: { welcomeText: null, bannerAlt, footerLinks },
    welcome: welcome.ok ? { doc: welcome.value.json, html: welcome.value.html, text: welcome.value.text } : null,
    logo: logoChange,
  });
  if (!result.ok) return { ok: false, errors: { form: result.errors } };
  return { ok: true };
}

async function currentUploads(sql: Sql, organizationId: number): Promise<{ bannerUploadId: number | null }> {
  const [row] = await sql`select banner_upload_id from organizations where id = ${organizationId}`;
  return { bannerUploadId: row?.banner_upload_id == null ? null : Number(row.banner_upload_id) };
}

/** What the form shows: the stored identity (the welcome text as the editor's document when it has one). */
export async function loadIdentityForm(sql: Sql, organizationId: number) {
  const [row] = await sql`
    select o.logo_path, o.banner_alt, o.welcome_doc, o.welcome_text, o.banner_upload_id from organizations o where o.id = ${organizationId}`;
  const identity = await loadTownIdentity(sql, organizationId);
  return {
    logoPath: (row?.logo_path as string | null) ?? null,
    banner: identity.banner,
    bannerAlt: (row?.banner_alt as string | null) ?? "",
    welcome: (row?.welcome_doc as Record<string, unknown> | null) ?? (row?.welcome_text as string | null) ?? "",
    footerLinks: identity.footerLinks,
  };
}
