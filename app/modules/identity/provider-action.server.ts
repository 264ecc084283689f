// The admins' save of an identity provider, shared by the new and edit pages: validated by
// ProviderSchema, refused with a message when OIDC_SECRET_KEY is missing, saved and audited.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { requireAct } from "~/modules/moderation/blocking.server";
import { sql } from "~/utils/db.server";
import { saveProvider } from "./providers.server";
import { ProviderSchema } from "./schema";
import { secretKey } from "./secret-box.server";

export async function handleProviderAction(request: Request, context: AppLoadContext, id: number | null) {
  const user = await requireAct(context, request, "admin.organization.edit");
  const submission = parseWithZod(await request.formData(), { schema: ProviderSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["clientSecret"] }), { status: 400 });
  if (!secretKey()) return data(submission.reply({ formErrors: ["identity:errors.keyMissing"], hideFields: ["clientSecret"] }), { status: 503 });
  const result = await saveProvider(sql, { organizationId: context.org.id, actorId: user.id, id, values: submission.value });
  switch (result.status) {
    case "saved":
      return redirect(`/admin/identity?saved=${result.id}`);
    case "slug_taken":
      return data(submission.reply({ fieldErrors: { slug: ["identity:errors.slugTaken"] }, hideFields: ["clientSecret"] }), { status: 400 });
    case "secret_required":
      return data(submission.reply({ fieldErrors: { clientSecret: ["identity:errors.secretRequired"] }, hideFields: ["clientSecret"] }), { status: 400 });
    case "not_found":
      throw data({ reason: "status.notFoundText" }, { status: 404, statusText: "Not Found" });
  }
}
