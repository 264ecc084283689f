// Consultations: the shapes shared by the browser and the server. A consultation belongs to a
// project (its vote phase) and holds questions; each question has its method and its options.
// Client-safe: zod schemas, types and pure helpers only. Error messages are i18n keys of the
// `consultations` namespace (`errors.*` for the officials' forms, `ballot.*` for a ballot).
import { z } from "zod";

// ——— Vocabulary ———

export const METHODS = ["single", "approval", "majority", "budget"] as const;
export type Method = (typeof METHODS)[number];

/** Who may vote: every member, or members whose identity was verified (FranceConnect); a minimum age on top. */
export const ELIGIBILITIES = ["members", "verified"] as const;
export type Eligibility = (typeof ELIGIBILITIES)[number];

/** Public support (the ballots name their voter) or secret ballot (who voted is kept apart from what). */
export const SECRECIES = ["secret", "public"] as const;
export type Secrecy = (typeof SECRECIES)[number];

/** Results shown while voting runs, or only once the consultation is closed. */
export const RESULTS_VISIBILITIES = ["live", "after_close"] as const;
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number];

/**
 * Majority judgment's mentions, worst first: a grade is its index (0 = "À rejeter"). A scale of 7
 * uses them all; a scale of 6 stops at "Très bien". Labels: `consultations:grades.<key>`.
 */
export const GRADE_KEYS = ["reject", "insufficient", "passable", "fair", "good", "veryGood", "excellent"] as const;
export type GradeKey = (typeof GRADE_KEYS)[number];
export const GRADE_SCALES = [6, 7] as const;
export type GradeScale = (typeof GRADE_SCALES)[number];

/** The grade keys of a scale, worst first (index = grade). */
export function gradesOf(scale: GradeScale): readonly GradeKey[] {
  return GRADE_KEYS.slice(0, scale);
}

/**
 * Where a consultation stands, derived on the database clock: a draft (not opened by an official),
 * scheduled (opened, before opens_at), open, or closed (closes_at passed, or closed by an official).
 */
export const CONSULTATION_STATES = ["draft", "scheduled", "open", "closed"] as const;
export type ConsultationState = (typeof CONSULTATION_STATES)[number];

// ——— Stored things, as the queries return them ———

export type MethodSettings =
  | { method: "single" }
  | { method: "approval"; minChoices: number; maxChoices: number }
  | { method: "majority"; scale: GradeScale }
  | { method: "budget"; total: number; minSpend: number };

export type ConsultationOption = {
  id: number;
  questionId: number;
  position: number;
  label: string;
  description: string;
  /** A proposal of the same project the option stands for, or null (free text). */
  proposalId: number | null;
  /** Budget questions: what the option costs, in whole euros; null otherwise. */
  cost: number | null;
};

export type ConsultationQuestion = {
  id: number;
  consultationId: number;
  position: number;
  title: string;
  description: string;
  settings: MethodSettings;
  options: ConsultationOption[];
};

export type ConsultationSettings = {
  opensAt: Date;
  closesAt: Date;
  eligibility: Eligibility;
  /** Minimum age in years on the day of the vote, or null. */
  minAge: number | null;
  secrecy: Secrecy;
  resultsVisibility: ResultsVisibility;
  /** Whether a voter may change their ballot before the close. */
  allowChange: boolean;
};

export type Consultation = ConsultationSettings & {
  id: number;
  organizationId: number;
  projectId: number;
  title: string;
  description: string;
  state: ConsultationState;
  /** When an official opened it (null: draft). */
  openedAt: Date | null;
  /** When it was closed (by an official or at closes_at by the job), null before. */
  closedAt: Date | null;
  resultsPublishedAt: Date | null;
  /** At least one ballot exists: options, methods, eligibility and budget are frozen. */
  frozen: boolean;
  questions: ConsultationQuestion[];
};

/** A consultation as listed on a project's page. */
export type ConsultationSummary = Pick<
  Consultation,
  "id" | "projectId" | "title" | "state" | "opensAt" | "closesAt" | "resultsVisibility" | "resultsPublishedAt" | "secrecy"
> & { questionsCount: number; voters: number };

// ——— Officials' forms ———

const title = (key: string) =>
  z
    .string({ required_error: `consultations:errors.${key}` })
    .trim()
    .min(3, `consultations:errors.${key}`)
    .max(200, `consultations:errors.${key}`);
const description = z.string().trim().max(5000, "consultations:errors.descriptionLength").optional().default("");
const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A `datetime-local` field (read in the organization's time zone by the server) or an ISO date. */
const dateTime = z.coerce.date({ errorMap: () => ({ message: "consultations:errors.dateInvalid" }) });
const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("1"), z.boolean()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

export const ConsultationSettingsSchema = z
  .object({
    opensAt: dateTime,
    closesAt: dateTime,
    eligibility: z.enum(ELIGIBILITIES, { errorMap: () => ({ message: "consultations:errors.eligibility" }) }),
    minAge: z.preprocess(
      (v) => (v === "" || v == null ? null : v),
      z.coerce.number().int("consultations:errors.minAge").min(1, "consultations:errors.minAge").max(120, "consultations:errors.minAge").nullable(),
    ),
    secrecy: z.enum(SECRECIES, { errorMap: () => ({ message: "consultations:errors.secrecy" }) }),
    resultsVisibility: z.enum(RESULTS_VISIBILITIES, { errorMap: () => ({ message: "consultations:errors.resultsVisibility" }) }),
    allowChange: checkbox,
  })
  .refine((s) => s.closesAt.getTime() > s.opensAt.getTime(), { message: "consultations:errors.closesBeforeOpens", path: ["closesAt"] });

export const ConsultationSchema = z.object({
  title: title("titleLength"),
  description,
});

/** Creating or editing a consultation: its texts and settings (settings frozen after the first ballot). */
export const ConsultationFormSchema = z
  .object({ title: title("titleLength"), description })
  .and(ConsultationSettingsSchema);
export type ConsultationInput = z.infer<typeof ConsultationFormSchema>;

const wholeEuros = (key: string) =>
  z.coerce.number({ invalid_type_error: `consultations:errors.${key}` }).int(`consultations:errors.${key}`).min(0, `consultations:errors.${key}`).max(1_000_000_000_000, `consultations:errors.${key}`);

export const MethodSettingsSchema = z
  .discriminatedUnion(
    "method",
    [
      z.object({ method: z.literal("single") }),
      z.object({
        method: z.literal("approval"),
        minChoices: z.coerce.number().int().min(0, "consultations:errors.approvalBounds").max(100, "consultations:errors.approvalBounds"),
        maxChoices: z.coerce.number().int().min(1, "consultations:errors.approvalBounds").max(100, "consultations:errors.approvalBounds"),
      }),
      z.object({
        method: z.literal("majority"),
        scale: z.coerce.number().pipe(z.union([z.literal(6), z.literal(7)], { errorMap: () => ({ message: "consultations:errors.scale" }) })),
      }),
      z.object({ method: z.literal("budget"), total: wholeEuros("budgetTotal").pipe(z.number().min(1, "consultations:errors.budgetTotal")), minSpend: wholeEuros("minSpend") }),
    ],
    { errorMap: () => ({ message: "consultations:errors.method" }) },
  )
  .superRefine((s, ctx) => {
    if (s.method === "approval" && s.minChoices > s.maxChoices) ctx.addIssue({ code: "custom", message: "consultations:errors.approvalBounds", path: ["maxChoices"] });
    if (s.method === "budget" && s.minSpend > s.total) ctx.addIssue({ code: "custom", message: "consultations:errors.minSpend", path: ["minSpend"] });
  });

export const QuestionFormSchema = z.object({ title: title("questionLength"), description }).and(MethodSettingsSchema);
export type QuestionInput = z.infer<typeof QuestionFormSchema>;

export const OptionFormSchema = z.object({
  label: z
    .string({ required_error: "consultations:errors.optionLength" })
    .trim()
    .min(1, "consultations:errors.optionLength")
    .max(200, "consultations:errors.optionLength"),
  description: z.string().trim().max(2000, "consultations:errors.descriptionLength").optional().default(""),
  proposalId: z.preprocess((v) => (v === "" || v == null ? null : v), positiveId.nullable()),
  /** Required for budget questions, refused otherwise (checked against the question by the command). */
  cost: z.preprocess((v) => (v === "" || v == null ? null : v), wholeEuros("cost").nullable()),
});
export type OptionInput = z.infer<typeof OptionFormSchema>;

/** Only a later close: the one rule that may change once ballots exist. */
export const ExtendCloseSchema = z.object({ intent: z.literal("extend"), closesAt: dateTime });

// ——— Ballots ———

/** What a voter chose for one question, per method. Grades are keyed by option id. */
export type QuestionChoice =
  | { method: "single"; optionId: number }
  | { method: "approval"; optionIds: number[] }
  | { method: "majority"; grades: Record<number, number> }
  | { method: "budget"; optionIds: number[] };

export type BallotAnswer = { questionId: number } & QuestionChoice;

/** A ballot: answers to one or more questions of one consultation, cast together. */
export type BallotInput = {
  consultationId: number;
  answers: BallotAnswer[];
  /** Secret ballots with change allowed: the receipt of the ballot being replaced (it alone links a voter to it). */
  receipt?: string | null;
};

export const BallotAnswerSchema: z.ZodType<BallotAnswer, z.ZodTypeDef, unknown> = z
  .discriminatedUnion("method", [
    z.object({ questionId: positiveId, method: z.literal("single"), optionId: positiveId }).strict(),
    z.object({ questionId: positiveId, method: z.literal("approval"), optionIds: z.array(positiveId).max(1000) }).strict(),
    z.object({ questionId: positiveId, method: z.literal("majority"), grades: z.record(z.string().regex(/^[1-9][0-9]{0,15}$/), z.number().int()) }).strict(),
    z.object({ questionId: positiveId, method: z.literal("budget"), optionIds: z.array(positiveId).max(1000) }).strict(),
  ])
  .transform((a): BallotAnswer =>
    a.method === "majority" ? { ...a, grades: Object.fromEntries(Object.entries(a.grades).map(([k, v]) => [Number(k), v])) } : a,
  );

/** Receipts are 24 characters of Crockford base32 (120 random bits), shown in groups of four. */
export const RECEIPT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{24}$/;

/** A receipt as typed by a person (spaces, dashes, lower case, O for 0, I/L for 1), or null if it cannot be one. */
export function normalizeReceipt(raw: string): string | null {
  const s = raw
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return RECEIPT_PATTERN.test(s) ? s : null;
}

/** A receipt in groups of four characters, for reading aloud or copying. */
export function formatReceipt(receipt: string): string {
  return receipt.replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * The names of a ballot form's fields, so the page and the server agree (a plain POST without
 * JavaScript): `q<questionId>` holds the option id (single) or the option ids (approval, budget,
 * one field per checked box); `q<questionId>.o<optionId>` holds an option's grade (majority).
 */
export const ballotFieldName = (questionId: number) => `q${questionId}`;
export const gradeFieldName = (questionId: number, optionId: number) => `q${questionId}.o${optionId}`;

/**
 * Reads a ballot form (FormData entries) against the consultation's questions. Questions with no
 * field at all are left out (the voter skipped them); what is malformed comes back as a `ballot.*`
 * error per question, for the page's error summary. Content rules (counts, budget, scale) are
 * checked by `checkAnswer` (server and browser alike).
 */
export function readBallotForm(
  form: { getAll(name: string): unknown[] },
  questions: Pick<ConsultationQuestion, "id" | "settings" | "options">[],
): { answers: BallotAnswer[]; errors: Record<number, string> } {
  const answers: BallotAnswer[] = [];
  const errors: Record<number, string> = {};
  const asId = (v: unknown) => (typeof v === "string" && /^[1-9][0-9]{0,15}$/.test(v) ? Number(v) : null);
  for (const q of questions) {
    const method = q.settings.method;
    if (method === "majority") {
      const grades: Record<number, number> = {};
      let any = false;
      for (const o of q.options) {
        const raw = form.getAll(gradeFieldName(q.id, o.id));
        if (raw.length === 0 || raw[0] === "") continue;
        any = true;
        const grade = typeof raw[0] === "string" && /^[0-9]{1,2}$/.test(raw[0]) ? Number(raw[0]) : Number.NaN;
        if (raw.length > 1 || Number.isNaN(grade)) errors[q.id] = "consultations:ballot.gradeOutOfScale";
        else grades[o.id] = grade;
      }
      if (any && !errors[q.id]) answers.push({ questionId: q.id, method, grades });
      continue;
    }
    const raw = form.getAll(ballotFieldName(q.id)).filter((v) => v !== "");
    if (raw.length === 0) continue;
    const ids = raw.map(asId);
    if (ids.some((id) => id == null)) {
      errors[q.id] = "consultations:ballot.unknownOption";
      continue;
    }
    if (method === "single") {
      if (ids.length > 1) errors[q.id] = "consultations:ballot.tooMany";
      else answers.push({ questionId: q.id, method, optionId: ids[0]! });
    } else {
      answers.push({ questionId: q.id, method, optionIds: ids as number[] });
    }
  }
  return { answers, errors };
}

/**
 * Why an answer breaks its question's rules (an i18n key with its values), or null when it is
 * valid: unknown or repeated option, too many or too few, over budget or under the minimum spend,
 * a grade outside the scale or an option left ungraded, a method that is not the question's.
 */
export type BallotError = { key: string; values?: Record<string, number> };

export function checkAnswer(question: Pick<ConsultationQuestion, "settings" | "options">, answer: QuestionChoice): BallotError | null {
  const s = question.settings;
  if (answer.method !== s.method) return { key: "consultations:ballot.wrongMethod" };
  const known = new Map(question.options.map((o) => [o.id, o]));
  switch (answer.method) {
    case "single":
      return known.has(answer.optionId) ? null : { key: "consultations:ballot.unknownOption" };
    case "approval":
    case "budget": {
      const ids = answer.optionIds;
      if (ids.some((id) => !known.has(id))) return { key: "consultations:ballot.unknownOption" };
      if (new Set(ids).size !== ids.length) return { key: "consultations:ballot.repeatedOption" };
      if (s.method === "approval") {
        if (ids.length > s.maxChoices) return { key: "consultations:ballot.tooMany", values: { max: s.maxChoices } };
        if (ids.length < s.minChoices) return { key: "consultations:ballot.tooFew", values: { min: s.minChoices } };
        return null;
      }
      if (s.method === "budget") {
        if (ids.length === 0) return { key: "consultations:ballot.tooFew", values: { min: 1 } };
        const spent = ids.reduce((sum, id) => sum + (known.get(id)!.cost ?? 0), 0);
        if (spent > s.total) return { key: "consultations:ballot.overBudget", values: { total: s.total, spent } };
        if (spent < s.minSpend) return { key: "consultations:ballot.underMinSpend", values: { minSpend: s.minSpend, spent } };
      }
      return null;
    }
    case "majority": {
      if (s.method !== "majority") return { key: "consultations:ballot.wrongMethod" };
      const entries = Object.entries(answer.grades);
      if (entries.some(([id]) => !known.has(Number(id)))) return { key: "consultations:ballot.unknownOption" };
      if (entries.some(([, g]) => !Number.isInteger(g) || g < 0 || g >= s.scale)) return { key: "consultations:ballot.gradeOutOfScale" };
      if (entries.length !== known.size) return { key: "consultations:ballot.ungraded" };
      return null;
    }
  }
}

/** What castBallot answers: stored (with the receipt), or refused with a reason (nothing stored). */
export type BallotOutcome =
  | { ok: true; receipt: string; changed: boolean }
  | {
      ok: false;
      reason:
        | "invalid" // an answer breaks its question's rules: see `errors`
        | "notOpen" // before opens_at, a draft
        | "closed" // after the close (even one that started before it)
        | "alreadyVoted" // one ballot per voter per question, change not allowed
        | "receiptRequired" // a secret ballot can be changed only with its receipt
        | "receiptUnknown"
        | "ineligible" // policy: see `error` (i18n key)
        | "notFound";
      /** An i18n key for the whole ballot. */
      error: string;
      /** Per question id: the i18n key (with values) of what is wrong in that answer. */
      errors?: Record<number, BallotError>;
    };

// ——— Tallies ———

export type OptionCount = { optionId: number; votes: number };

/** Single choice: votes per option; winners are those with the most votes (several on a tie). */
export type SingleTally = { method: "single"; ballots: number; options: OptionCount[]; winners: number[] };

/** Approval: approvals per option; winners have the most approvals. */
export type ApprovalTally = { method: "approval"; ballots: number; options: OptionCount[]; winners: number[] };

/**
 * Majority judgment: per option its merit profile (how many ballots gave each grade, worst grade
 * first, index = grade), its majority grade (the lower median), and its rank after the standard
 * tie-breaking; `ranking` lists option ids best first (equal ranks only for identical profiles).
 */
export type MajorityOptionTally = { optionId: number; profile: number[]; majorityGrade: number | null; rank: number };
export type MajorityTally = { method: "majority"; ballots: number; scale: GradeScale; options: MajorityOptionTally[]; ranking: number[]; winners: number[] };

/**
 * Participatory budget: votes per option with its cost; projects are funded by votes, most first,
 * while they fit in what remains (a project too dear is passed over for cheaper ones after it).
 */
export type BudgetOptionTally = { optionId: number; cost: number; votes: number; funded: boolean };
export type BudgetTally = { method: "budget"; ballots: number; total: number; options: BudgetOptionTally[]; funded: number[]; spent: number; remaining: number; winners: number[] };

export type TallyResult = SingleTally | ApprovalTally | MajorityTally | BudgetTally;

export type QuestionTally = { questionId: number } & TallyResult;

/** What the results page, the open data and the socket message carry for a consultation. */
export type ConsultationTally = {
  consultationId: number;
  /** Distinct voters (any question). */
  voters: number;
  questions: QuestionTally[];
  /** Whether the close has passed: the tally is final. */
  final: boolean;
};

/** The counters a tally is computed from: per question, per option (and grade for majority judgment). */
export type QuestionCounts = {
  questionId: number;
  ballots: number;
  /** optionId → grade → count (grade 0 for methods without grades). */
  counts: Map<number, Map<number, number>>;
};

// ——— Live messages (socket room `consultation:<id>`) ———

export const ConsultationRoomSchema = z.object({ consultationId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

/** The one small message a consultation's room gets, a few times a second at most. */
export type TallyMessage = { type: "consultation.tally"; tally: ConsultationTally };
