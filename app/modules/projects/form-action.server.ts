// The server side of the project form: every field checked (schema, rich text, place, files, then
// what needs the database), all errors gathered and returned next to their fields with the values
// kept, and nothing written unless everything is right.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { getT } from "~/i18n/i18n.server";
import type { SessionUser } from "~/modules/auth/session.server";
import { parseLocationInput } from "~/modules/maps/geometry";
import { MAX_IMAGE_BYTES, MAX_PDF_BYTES, readFileField, UploadRejected } from "~/modules/uploads/uploads.server";
import { sql } from "~/utils/db.server";
import { archiveProject, publishProject, saveProject, type UploadedFile } from "./commands.server";
import { MultipartRejected, parseMultipartForm } from "./multipart.server";
import { readRichTextInput } from "./richtext-input.server";
import { phasesFromRows, ProjectFormSchema } from "./schema";

const FILE_LIMITS: Record<string, number> = { cover: MAX_IMAGE_BYTES, document: MAX_PDF_BYTES };

export type ProjectActionData = { kind: "form"; result: SubmissionResult<string[]> } | { kind: "status"; message: string };

/** Reads the form (multipart) and answers: a redirect when saved, else the form's errors. */
export async function handleProjectAction(request: Request, context: AppLoadContext, user: SessionUser, projectId: number | null) {
  let form: Awaited<ReturnType<typeof parseMultipartForm>>;
  try {
    form = await parseMultipartForm(request, MAX_PDF_BYTES);
  } catch (error) {
    if (!(error instanceof MultipartRejected)) throw error;
    return data<ProjectActionData>({ kind: "status", message: getT(context.locale)("errors.invalid") }, { status: 400 });
  }
  const { formData, tooLarge } = form;
  const intent = formData.get("intent");
  if (projectId !== null && (intent === "publish" || intent === "archive")) {
    return changeStatus(context, user, projectId, intent);
  }
  return saveFromForm(formData, tooLarge, context, user, projectId);
}

async function saveFromForm(formData: FormData, tooLarge: Set<string>, context: AppLoadContext, user: SessionUser, projectId: number | null) {
  const t = getT(context.locale);
  const submission = parseWithZod(formData, { schema: ProjectFormSchema });
  const fieldErrors: Record<string, string[]> = {};
  const tooLargeMessage = (name: string) =>
    t("uploads.tooLarge", { max: String(Math.round((FILE_LIMITS[name] ?? MAX_PDF_BYTES) / 1024 / 1024)) });
  for (const name of tooLarge) fieldErrors[name] = [tooLargeMessage(name)];

  const location = parseLocationInput(formData, "location", { allowPolygon: true });
  if (!location.ok) fieldErrors.location = [location.error];

  const body = readRichTextInput(asString(formData.get("body")), asString(formData.get("bodyFormat")), "full");
  if (!body.ok) fieldErrors.body = [body.error];

  const files: Record<string, UploadedFile | null> = { cover: null, document: null };
  for (const name of ["cover", "document"] as const) {
    if (fieldErrors[name]) continue;
    try {
      files[name] = await readFileField(formData.get(name), FILE_LIMITS[name]!);
    } catch (error) {
      if (!(error instanceof UploadRejected)) throw error;
      fieldErrors[name] = [error.code === "uploads.tooLarge" ? tooLargeMessage(name) : error.code];
    }
  }

  // Pairs checked here too, so that they are reported with the other errors (saveProject checks them again).
  const text = (name: string) => asString(formData.get(name))?.trim() ?? "";
  if (files.cover && !text("coverAlt") && !fieldErrors.coverAlt) fieldErrors.coverAlt = ["projects:errors.coverAltRequired"];
  if (files.document && !text("documentTitle")) fieldErrors.documentTitle = ["projects:errors.documentTitleRequired"];
  if (!files.document && !fieldErrors.document && text("documentTitle")) fieldErrors.document = ["projects:errors.documentFileRequired"];

  if (submission.status !== "success" || Object.keys(fieldErrors).length > 0 || !location.ok || !body.ok) {
    return data<ProjectActionData>({ kind: "form", result: submission.reply({ fieldErrors }) }, { status: 400 });
  }
  const value = submission.value;
  const result = await saveProject(sql, context.actor, {
    projectId,
    values: {
      title: value.title,
      slug: value.slug ?? null,
      summary: value.summary ?? "",
      body: body.value,
      kind: value.kind,
      location: location.value,
      phases: phasesFromRows(value.phases),
      cover: files.cover ?? null,
      coverAlt: value.coverAlt ?? null,
      removeCover: Boolean(value.removeCover),
      document: files.document ?? null,
      documentTitle: value.documentTitle ?? null,
      removeDocumentIds: value.removeDocuments ?? [],
    },
  });
  if (!result.ok) {
    if ("notFound" in result) throw data({ reason: "status.notFoundText" }, { status: 404, statusText: "Not Found" });
    const { field, message, params } = result.problem;
    const translate = t as unknown as (key: string, values: Record<string, string>) => string;
    const text = params ? translate(message, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))) : message;
    return data<ProjectActionData>({ kind: "form", result: submission.reply({ fieldErrors: { [field]: [text] } }) }, { status: 400 });
  }
  return redirect(`/manage/projects/${result.id}?notice=${projectId === null ? "created" : "saved"}`);
}

async function changeStatus(context: AppLoadContext, user: SessionUser, projectId: number, intent: "publish" | "archive") {
  const t = getT(context.locale);
  const result =
    intent === "publish"
      ? await publishProject(sql, context.actor, { projectId, origin: context.org.origin })
      : await archiveProject(sql, context.actor, { projectId });
  if (result.ok) return redirect(`/manage/projects/${projectId}?notice=${intent === "publish" ? "published" : "archived"}`);
  if (result.error === "notFound") throw data({ reason: "status.notFoundText" }, { status: 404, statusText: "Not Found" });
  return data<ProjectActionData>({ kind: "status", message: t(`projects:errors.${result.error}`) }, { status: 409 });
}

function asString(value: FormDataEntryValue | null): string | null {
  return typeof value === "string" ? value : null;
}
