// Form schemas of the accessibility statement: the admins' audit results, and the contact form of
// the public page. Shared by the browser (Conform) and the server; messages are i18n keys.
import { z } from "zod";
import { emailField, nameField } from "~/modules/auth/schema";
import { isWellFormedText } from "~/utils/text";
import { AUDITOR_MAX, LIST_ITEM_MAX, LIST_MAX_ITEMS, STATEMENT_LISTS, type StatementList } from "./statement";

// Control characters other than tab, line feed and carriage return: nothing a person types.
// eslint-disable-next-line no-control-regex -- they are what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text that can be stored and shown (no NUL, lone surrogate or control character). */
const cleanText = (s: string) => isWellFormedText(s) && !CONTROL.test(s);

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (what <input type="date"> sends), between 2000 and 2100. */
export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** One item per line: lines trimmed, empty ones dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** A list typed one item per line, at most LIST_MAX_ITEMS lines of at most LIST_ITEM_MAX characters. */
const listField = z
  .string()
  .optional()
  .transform((value) => linesOf(value ?? ""))
  .refine((items) => items.every(cleanText), "accessibility:admin.errors.badCharacter")
  .refine((items) => items.length <= LIST_MAX_ITEMS, "accessibility:admin.errors.listTooLong")
  .refine((items) => items.every((item) => item.length <= LIST_ITEM_MAX), "accessibility:admin.errors.itemTooLong");

const optionalText = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A percentage typed with a point or a French comma, two decimals at most. */
const rateField = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim().replace(",", ".").replace(/\s*%$/, "")) : optionalText(value)),
  z
    .number({ invalid_type_error: "accessibility:admin.errors.rate" })
    .finite("accessibility:admin.errors.rate")
    .min(0, "accessibility:admin.errors.rate")
    .max(100, "accessibility:admin.errors.rate")
    // Two decimals at most, as numeric(5, 2) stores it.
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, "accessibility:admin.errors.rate")
    .optional(),
);

const dayField = z.string().trim().refine(isIsoDay, "accessibility:admin.errors.date");

export const StatementSchema = z
  .object({
    complianceRate: rateField,
    auditedOn: z.preprocess(optionalText, dayField.optional()),
    auditor: z.preprocess(
      optionalText,
      z
        .string()
        .trim()
        .max(AUDITOR_MAX, "accessibility:admin.errors.auditorLength")
        .refine(cleanText, "accessibility:admin.errors.badCharacter")
        .refine((s) => !/[\r\n]/.test(s), "accessibility:admin.errors.badCharacter")
        .optional(),
    ),
    statedOn: z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").pipe(dayField),
    ...(Object.fromEntries(STATEMENT_LISTS.map((name) => [name, listField])) as Record<StatementList, typeof listField>),
  })
  .superRefine((value, ctx) => {
    // An audit is a rate, a date and who made it: all three, or none (no audit yet).
    const audit = { complianceRate: value.complianceRate, auditedOn: value.auditedOn, auditor: value.auditor };
    const given = Object.values(audit).some((v) => v !== undefined);
    if (given) {
      for (const [key, v] of Object.entries(audit)) {
        if (v === undefined) ctx.addIssue({ code: "custom", path: [key], message: "accessibility:admin.errors.auditIncomplete" });
      }
    }
    if (value.auditedOn && value.auditedOn > value.statedOn) {
      ctx.addIssue({ code: "custom", path: ["statedOn"], message: "accessibility:admin.errors.statedBeforeAudit" });
    }
  });

export type StatementInput = z.infer<typeof StatementSchema>;

export const PAGE_MAX = 300;
export const PROBLEM_MAX = 3000;

/** The public contact form: who writes, how to answer them, where, and what does not work. */
export const ContactSchema = z.object({
  name: nameField.refine(cleanText, "accessibility:contact.errors.badCharacter"),
  email: emailField,
  page: z
    .string({ required_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(PAGE_MAX, "accessibility:contact.errors.pageLength")
    .refine(cleanText, "accessibility:contact.errors.badCharacter"),
  problem: z
    .string({ required_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(PROBLEM_MAX, "accessibility:contact.errors.problemLength")
    .refine(cleanText, "accessibility:contact.errors.badCharacter"),
});

export type ContactInput = z.infer<typeof ContactSchema>;
