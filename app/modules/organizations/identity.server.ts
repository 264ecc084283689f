// A town's identity as its public pages read it (banner, welcome text, footer links), and the
// command that sets it. Read on every page (the footer): kept a few seconds per organization, like
// the organization itself, so a page view costs no statement for it.
import { recordAudit } from "~/modules/audit/audit.server";
import { imageFromVariants } from "~/modules/projects/queries.server";
import type { CoverImage } from "~/modules/projects/types";
import type { Db, Sql, Tx } from "~/utils/db.server";
import { forgetOrganizationCache } from "./queries.server";
import { footerLinksFromStored, TownIdentitySchema, type FooterLink, type TownIdentityInput } from "./identity";

export type TownIdentity = {
  banner: CoverImage | null;
  welcomeText: string | null;
  /** The welcome text as rich text (sanitized HTML), when an admin wrote it so; else null (plain `welcomeText`). */
  welcomeHtml: string | null;
  footerLinks: FooterLink[];
};

const CACHE_KEY = Symbol.for("maquette.townIdentity");
type CacheHolder = { [CACHE_KEY]?: Map<number, { identity: TownIdentity; at: number }> };
const cache = ((globalThis as CacheHolder)[CACHE_KEY] ??= new Map());
const CACHE_MS = 5_000;

/** The banner at the width a full-width hero needs on a large screen; every variant is in srcset. */
const BANNER_WIDTH = 1600;

export async function loadTownIdentity(db: Db, organizationId: number): Promise<TownIdentity> {
  const hit = cache.get(organizationId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.identity;
  const [row] = await db`
    select o.welcome_text, o.welcome_html, o.footer_links, o.banner_alt, u.variants as banner_variants
    from organizations o
    left join uploads u on u.id = o.banner_upload_id and u.organization_id = o.id
    where o.id = ${organizationId}`;
  const identity: TownIdentity = {
    banner: row?.banner_variants ? imageFromVariants(row.banner_variants, (row.banner_alt as string | null) ?? "", BANNER_WIDTH) : null,
    welcomeText: (row?.welcome_text as string | null) ?? null,
    welcomeHtml: (row?.welcome_html as string | null) ?? null,
    footerLinks: footerLinksFromStored(row?.footer_links),
  };
  cache.set(organizationId, { identity, at: Date.now() });
  return identity;
}

export type SetTownIdentityResult = { ok: true } | { ok: false; errors: string[] };

/**
 * Sets the banner (an image upload of this organization, with its alt text), the welcome text and
 * the footer links, validated by TownIdentitySchema; records `organization.identity` in the audit log.
 * A banner without alt text, or an upload that is not one of this organization's images, is refused.
 */
export async function setTownIdentity(
  db: Db,
  input: {
    organizationId: number;
    actorId: number;
    bannerUploadId: number | null;
    identity: TownIdentityInput;
    /** The welcome text as validated rich text (its plain text replaces `identity.welcomeText`); absent: plain text only. */
    welcome?: { doc: Record<string, unknown>; html: string; text: string } | null;
    /** The logo: an image upload of this organization and its URL; null removes it; absent leaves it. */
    logo?: { uploadId: number; path: string } | null;
  },
): Promise<SetTownIdentityResult> {
  const parsed = TownIdentitySchema.safeParse(input.identity);
  if (!parsed.success) return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };
  const { bannerAlt, footerLinks } = parsed.data;
  const welcome = input.welcome ?? null;
  const welcomeText = welcome ? welcome.text || null : parsed.data.welcomeText;
  if (input.bannerUploadId !== null && !bannerAlt) return { ok: false, errors: ["admin:identity.errors.altRequired"] };
  const run = async (tx: Tx): Promise<SetTownIdentityResult> => {
    if (input.bannerUploadId !== null) {
      const [image] = await tx`
        select 1 from uploads where id = ${input.bannerUploadId} and organization_id = ${input.organizationId} and kind = 'image'`;
      if (!image) return { ok: false, errors: ["admin:identity.errors.badBanner"] };
    }
    if (input.logo) {
      const [image] = await tx`
        select 1 from uploads where id = ${input.logo.uploadId} and organization_id = ${input.organizationId} and kind = 'image'`;
      if (!image) return { ok: false, errors: ["admin:identity.errors.badLogo"] };
    }
    if (input.logo !== undefined) {
      await tx`
        update organizations set logo_upload_id = ${input.logo?.uploadId ?? null}, logo_path = ${input.logo?.path ?? null}
        where id = ${input.organizationId}`;
    }
    await tx`
      update organizations
      set banner_upload_id = ${input.bannerUploadId}, banner_alt = ${input.bannerUploadId === null ? null : bannerAlt},
          welcome_text = ${welcomeText}, footer_links = ${tx.json(footerLinks)},
          welcome_doc = ${welcome && welcomeText ? tx.json(welcome.doc as never) : null}, welcome_html = ${welcome && welcomeText ? welcome.html : null}
      where id = ${input.organizationId}`;
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: "organization.identity",
      subjectType: "organization",
      subjectId: input.organizationId,
      data: {
        bannerUploadId: input.bannerUploadId,
        footerLinks: footerLinks.length,
        welcomeText: welcomeText !== null,
        ...(input.logo !== undefined ? { logoUploadId: input.logo?.uploadId ?? null } : {}),
      },
    });
    return { ok: true };
  };
  const result = "begin" in db ? ((await (db as Sql).begin((tx) => run(tx as unknown as Tx))) as SetTownIdentityResult) : await run(db as Tx);
  if (result.ok) {
    cache.delete(input.organizationId);
    // The logo is read with the organization (every page's header).
    if (input.logo !== undefined) forgetOrganizationCache();
  }
  return result;
}
