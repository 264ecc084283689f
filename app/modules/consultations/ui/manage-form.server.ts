// Reading the officials' consultation forms on the server: the Paris clock's datetime-local values
// become moments before the module's schema reads them, and a refused form comes back with the
// values as typed.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ZodTypeAny, z } from "zod";
import { parisLocalToDate } from "./datetime";

const DATE_FIELDS = ["opensAt", "closesAt"];

/** parseWithZod, with opensAt/closesAt read on the Paris clock; the reply keeps what was typed. */
export function parseConsultationForm<S extends ZodTypeAny>(formData: FormData, schema: S) {
  const typed: Record<string, string> = {};
  const copy = new FormData();
  for (const [name, value] of formData.entries()) {
    if (DATE_FIELDS.includes(name) && typeof value === "string") {
      typed[name] = value;
      copy.append(name, parisLocalToDate(value)?.toISOString() ?? value);
    } else copy.append(name, value);
  }
  const submission = parseWithZod(copy, { schema });
  const reply = (options?: { formErrors?: string[] }): SubmissionResult<string[]> => {
    const result = submission.reply(options) as SubmissionResult<string[]>;
    if (result.initialValue) result.initialValue = { ...result.initialValue, ...typed };
    return result;
  };
  return { submission, reply, value: submission.status === "success" ? (submission.value as z.output<S>) : null };
}
