// POST /uploads: an image for the rich-text editor, sent by an official (or admin). Checked by
// content (storeImage: re-encoded to WebP, metadata dropped) with its required text alternative.
// Answers JSON: 201 { url, alt }, or { error, field } with a translated message.
import type { ActionFunctionArgs } from "@remix-run/node";
import { getT } from "~/i18n/i18n.server";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { can } from "~/modules/permissions/permissions";
import { parseMultipartForm } from "~/modules/projects/multipart.server";
import { ImageUploadSchema } from "~/modules/projects/schema";
import { isSafeAttributeText } from "~/modules/richtext/rules";
import { MAX_IMAGE_BYTES, readFileField, storeImage, UploadRejected } from "~/modules/uploads/uploads.server";
import { sql } from "~/utils/db.server";

function json(body: unknown, status: number) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = getT(context.locale);
  const user = context.auth?.user ?? null;
  if (request.method !== "POST") return loader();
  // Checked before the body is read: nobody else gets to make the server decode an image.
  if (!can(user, "project.manage", { organizationId: context.org.id })) {
    return json({ error: t("status.forbiddenText") }, user ? 403 : 401);
  }
  // A blocked official uploads nothing either (the same check as every act's requireAct).
  if (await isBlocked(sql, context.org.id, user!.id)) return json({ error: t("status.blocked"), reason: "status.blocked" }, 403);
  const maxMb = String(MAX_IMAGE_BYTES / 1024 / 1024);
  let form: Awaited<ReturnType<typeof parseMultipartForm>>;
  try {
    form = await parseMultipartForm(request, MAX_IMAGE_BYTES);
  } catch {
    return json({ error: t("errors.invalid") }, 400);
  }
  if (form.tooLarge.has("file")) return json({ error: t("uploads.tooLarge", { max: maxMb }), field: "file" }, 413);
  const alt = ImageUploadSchema.safeParse({ alt: form.formData.get("alt") ?? undefined });
  if (!alt.success) {
    const key = alt.error.issues[0]?.message === "projects:errors.altLength" ? "projects:errors.altLength" : "projects:errors.altRequired";
    return json({ error: t(key), field: "alt" }, 400);
  }
  // The rule the rich-text validator applies to the image it will be inserted as: refused now, in the panel.
  if (!isSafeAttributeText(alt.data.alt)) return json({ error: t("richtext.badAltText"), field: "alt" }, 400);
  try {
    const file = await readFileField(form.formData.get("file"), MAX_IMAGE_BYTES);
    if (!file) return json({ error: t("projects:errors.imageMissing"), field: "file" }, 400);
    const image = await storeImage(sql, { organizationId: context.org.id, uploaderId: user!.id, data: file.data, originalName: file.name });
    return json({ url: image.url, alt: alt.data.alt, width: image.width, height: image.height }, 201);
  } catch (error) {
    if (!(error instanceof UploadRejected)) throw error;
    const message = error.code === "uploads.tooLarge" ? t("uploads.tooLarge", { max: maxMb }) : t(error.code);
    return json({ error: message, field: "file" }, error.code === "uploads.tooLarge" ? 413 : 400);
  }
}
