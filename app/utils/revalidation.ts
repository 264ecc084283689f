// Which loaders a submission can change. After an action Remix runs every loader of the page
// again; after a support, a ballot, a comment or a report, the root's (the member, their bell) and the
// project layout's (title, phases, counters of proposals, debates and followers) cannot have
// changed, so they keep their data. Anything else, and a revalidation asked without a form
// (a live event, a navigation), goes by Remix's default.
import type { ShouldRevalidateFunctionArgs } from "@remix-run/react";

/** The page intents that write content but nothing the root or the project layout shows. */
const CONTENT_INTENTS = new Set(["support", "vote"]);
/** Resource routes that only write content: comments (post, edit, delete) and reports. */
const CONTENT_ACTIONS = new Set(["/comments", "/report"]);

export function isContentSubmission({ formMethod, formAction, formData }: Pick<ShouldRevalidateFunctionArgs, "formMethod" | "formAction" | "formData">): boolean {
  if (!formAction || formMethod?.toUpperCase() !== "POST") return false;
  const path = new URL(formAction, "http://x.invalid").pathname.replace(/\/+$/, "");
  if (CONTENT_ACTIONS.has(path)) return true;
  const intent = formData?.get("intent");
  return /^\/projects\/[^/]+\/(proposals|debates|consultations)\/\d+$/.test(path) && typeof intent === "string" && CONTENT_INTENTS.has(intent);
}

/** For the root and the project layout: keep their data after a content submission. */
export function skipAfterContentSubmission(args: ShouldRevalidateFunctionArgs): boolean {
  return isContentSubmission(args) ? false : args.defaultShouldRevalidate;
}
