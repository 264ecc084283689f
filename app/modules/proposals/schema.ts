// Proposal forms and list parameters, shared by the browser (Conform) and the server.
// Error messages are i18n keys. The body (rich text) and the place are checked on the server
// (readRichTextInput, parseLocationInput) and their errors added to the same reply.
import { z } from "zod";

export const PROPOSAL_STATUSES = ["submitted", "under_study", "accepted", "rejected", "done", "withdrawn"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
/** The statuses an official may give with an answer. */
export const ANSWER_STATUSES = ["under_study", "accepted", "rejected", "done"] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

export const PROPOSAL_SORTS = ["newest", "supported", "random"] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

export function isProposalStatus(value: unknown): value is ProposalStatus {
  return typeof value === "string" && (PROPOSAL_STATUSES as readonly string[]).includes(value);
}

export const ProposalSchema = z.object({
  title: z
    .string({ required_error: "proposals:errors.titleLength" })
    .trim()
    .min(3, "proposals:errors.titleLength")
    .max(160, "proposals:errors.titleLength"),
  // The editor's JSON or the textarea's text; checked by readRichTextInput on the server.
  body: z.string().optional(),
  bodyFormat: z.enum(["json", "plain"]).optional(),
  // The place (LocationField): read with parseLocationInput(formData, "location") on the server.
  location: z.string().optional(),
  "location-lat": z.string().optional(),
  "location-lng": z.string().optional(),
});

export const SupportSchema = z.object({
  intent: z.literal("support"),
  /** The state asked for: a double click or a replayed form changes nothing. */
  support: z.enum(["on", "off"]),
});

export const WithdrawSchema = z.object({ intent: z.literal("withdraw") });

export const AnswerSchema = z.object({
  intent: z.literal("answer"),
  status: z.enum(ANSWER_STATUSES, { errorMap: () => ({ message: "proposals:errors.answerStatus" }) }),
  answer: z
    .string({ required_error: "proposals:errors.answerLength" })
    .trim()
    .min(1, "proposals:errors.answerLength")
    .max(5000, "proposals:errors.answerLength"),
});

export const ProposalPageActionSchema = z.discriminatedUnion("intent", [SupportSchema, WithdrawSchema, AnswerSchema], {
  errorMap: () => ({ message: "errors.invalid" }),
});

/** The proposal an author may still edit: 15 minutes, and no support yet. */
export const EDIT_WINDOW_MINUTES = 15;
