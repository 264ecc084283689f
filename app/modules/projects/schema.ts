// Form and filter schemas of the projects pages, shared by the browser (Conform) and the server.
// Messages are i18n keys.
import { z } from "zod";
import { PHASE_KINDS, PROJECT_KINDS, validatePhases, type Phase, type PhaseKind } from "./phases";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "./slug";

export const TITLE_MIN = 3;
export const TITLE_MAX = 160;
export const SUMMARY_MAX = 600;
export const ALT_MAX = 300;
export const DOCUMENT_TITLE_MAX = 200;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that exists (no 31 February). */
export function isRealDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const dateField = z.string().trim().refine(isRealDate, "projects:errors.date");

const PhaseRowSchema = z
  .object({ startsOn: dateField.optional(), endsOn: dateField.optional() })
  .superRefine((row, ctx) => {
    if (!row.startsOn && row.endsOn) ctx.addIssue({ code: "custom", path: ["startsOn"], message: "projects:errors.phaseStartRequired" });
    if (row.startsOn && row.endsOn && row.endsOn < row.startsOn) {
      ctx.addIssue({ code: "custom", path: ["endsOn"], message: "projects:errors.phaseEndsBeforeStart" });
    }
  });

const PhasesSchema = z.object(
  Object.fromEntries(PHASE_KINDS.map((kind) => [kind, PhaseRowSchema.optional()])) as Record<
    PhaseKind,
    z.ZodOptional<typeof PhaseRowSchema>
  >,
);

export type PhaseRows = z.infer<typeof PhasesSchema>;

/** The phases a form describes: the rows with a start date. */
export function phasesFromRows(rows: PhaseRows | undefined): Phase[] {
  if (!rows) return [];
  return PHASE_KINDS.flatMap((kind) => {
    const row = rows[kind];
    return row?.startsOn ? [{ kind, startsOn: row.startsOn, endsOn: row.endsOn ?? null }] : [];
  });
}

/**
 * The project form. Files (cover, document) are read apart from the schema; the body is checked
 * by the rich-text module on the server.
 */
export const ProjectFormSchema = z
  .object({
    title: z
      .string({ required_error: "errors.required" })
      .trim()
      .min(TITLE_MIN, "projects:errors.titleLength")
      .max(TITLE_MAX, "projects:errors.titleLength"),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(SLUG_MAX_LENGTH, "projects:errors.slugFormat")
      .regex(SLUG_PATTERN, "projects:errors.slugFormat")
      .optional(),
    summary: z.string().trim().max(SUMMARY_MAX, "projects:errors.summaryLength").optional(),
    body: z.string().optional(),
    bodyFormat: z.enum(["json", "plain"]).default("plain"),
    kind: z.enum(PROJECT_KINDS, { errorMap: () => ({ message: "projects:errors.kind" }) }),
    location: z.string().max(200_000, "errors.invalid").optional(),
    coverAlt: z.string().trim().max(ALT_MAX, "projects:errors.altLength").optional(),
    removeCover: z.boolean().optional(),
    documentTitle: z.string().trim().max(DOCUMENT_TITLE_MAX, "projects:errors.documentTitleLength").optional(),
    removeDocuments: z.array(z.number().int().positive()).optional(),
    phases: PhasesSchema.optional(),
    /** Files: declared for the form's fields, read and checked by the action (readFileField). */
    cover: z.unknown().optional(),
    document: z.unknown().optional(),
  })
  .superRefine((value, ctx) => {
    const error = validatePhases(phasesFromRows(value.phases));
    if (error) ctx.addIssue({ code: "custom", path: ["phases"], message: error });
  });

export type ProjectFormValue = z.infer<typeof ProjectFormSchema>;

export const PROJECT_STATUS_FILTERS = ["published", "archived"] as const;

/** The home page's filters (a GET form): unknown values fall back to "all". */
export const HomeFiltersSchema = z.object({
  kind: z.enum(PROJECT_KINDS).optional().catch(undefined),
  phase: z.enum(PHASE_KINDS).optional().catch(undefined),
  status: z.enum(PROJECT_STATUS_FILTERS).catch("published").default("published"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type HomeFilters = z.infer<typeof HomeFiltersSchema>;

export const SearchParamsSchema = z.object({
  q: z
    .string()
    .default("")
    .transform((q) => q.trim().slice(0, 200)),
  page: z.coerce.number().int().min(1).max(1_000).catch(1).default(1),
});

export const FollowSchema = z.object({ intent: z.enum(["follow", "unfollow"]) });

export const ProjectActionSchema = z.object({ intent: z.enum(["save", "publish", "archive"]).default("save") });

export const ImageUploadSchema = z.object({
  alt: z.string({ required_error: "projects:errors.altRequired" }).trim().min(1, "projects:errors.altRequired").max(ALT_MAX, "projects:errors.altLength"),
});
