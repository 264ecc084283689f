// Reading a submitted proposal form: the zod schema (title), the rich-text body and the place,
// all checked at once so that every error shows next to its field, with the values kept.
import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { parseLocationInput } from "~/modules/maps/geometry";
import type { AppLoadContext } from "@remix-run/node";
import { placesForMap, type NamedPlace } from "~/modules/maps/places";
import { can } from "~/modules/permissions/permissions";
import { readRichTextInput } from "~/modules/projects/richtext-input.server";
import type { ProposalInput } from "./commands.server";
import { ProposalSchema } from "./schema";

/** Longest body, in characters of text. */
export const PROPOSAL_BODY_MAX = 10_000;

/** `places`: the local list a resident's place name is looked up in (see placesForMap). */
export function readProposalForm(
  formData: FormData,
  options: { places: readonly NamedPlace[] },
):
  | { ok: true; value: ProposalInput; refuse: (formError: string) => SubmissionResult<string[]> }
  | { ok: false; reply: SubmissionResult<string[]> } {
  const submission = parseWithZod(formData, { schema: ProposalSchema });
  const rawBody = typeof formData.get("body") === "string" ? (formData.get("body") as string) : "";
  const format = typeof formData.get("bodyFormat") === "string" ? (formData.get("bodyFormat") as string) : null;
  // An empty textarea makes a document without paragraphs, which the schema calls invalid: say "empty".
  const body: ReturnType<typeof readRichTextInput> =
    format !== "json" && rawBody.trim() === ""
      ? { ok: false, error: "richtext.empty" }
      : readRichTextInput(rawBody, format, "basic", { maxTextLength: PROPOSAL_BODY_MAX });
  const place = parseLocationInput(formData, "location", { allowPolygon: false, places: options.places });
  const fieldErrors: Record<string, string[]> = {};
  if (!body.ok) fieldErrors.body = [body.error];
  if (!place.ok) fieldErrors.location = [place.error];
  if (submission.status !== "success" || !body.ok || !place.ok) {
    return { ok: false, reply: submission.reply(Object.keys(fieldErrors).length ? { fieldErrors } : undefined) };
  }
  const geometry = place.value?.geometry;
  return {
    ok: true,
    refuse: (formError) => submission.reply({ formErrors: [formError] }),
    value: {
      title: submission.value.title,
      body: body.value,
      place: geometry && geometry.type === "Point" ? [geometry.coordinates[0]!, geometry.coordinates[1]!] : null,
    },
  };
}

/** The place field as the viewer gets it: coordinates for those who manage projects, the local list for all. */
export function locationOptions(context: AppLoadContext): { coordinates: boolean; places: NamedPlace[] } {
  return {
    coordinates: can(context.auth?.user ?? null, "project.manage", { organizationId: context.org.id }),
    places: placesForMap(context.org.mapStyleUrl),
  };
}
