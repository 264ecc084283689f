// The one setup of our validated forms (conform + zod): the schema gives the browser's constraints
// and the client-side validation, checked on submit and then as the person types, and the
// server's last answer (`lastResult`) puts its errors back on the fields. The server parses the
// same schema (`parseWithZod`) in the action: the browser's check is a convenience, never the rule.
import { useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { z, ZodTypeAny } from "zod";

type Options<Schema extends ZodTypeAny> = {
  id?: string;
  lastResult?: SubmissionResult<string[]> | null;
  /** When fields are first checked: on submit (the default), or on leaving each field (long forms). */
  shouldValidate?: "onSubmit" | "onBlur";
  defaultValue?: Parameters<typeof useForm<z.input<Schema>, z.output<Schema>, string[]>>[0]["defaultValue"];
};

// Constraints are read from a schema once: a thread renders a form per comment.
const constraints = new WeakMap<ZodTypeAny, ReturnType<typeof getZodConstraint>>();
function constraintOf(schema: ZodTypeAny) {
  let constraint = constraints.get(schema);
  if (!constraint) constraints.set(schema, (constraint = getZodConstraint(schema)));
  return constraint;
}

export function useValidatedForm<Schema extends ZodTypeAny>(schema: Schema, options: Options<Schema> = {}) {
  return useForm<z.input<Schema>, z.output<Schema>, string[]>({
    id: options.id,
    lastResult: options.lastResult,
    defaultValue: options.defaultValue,
    constraint: constraintOf(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: options.shouldValidate ?? "onSubmit",
    shouldRevalidate: "onInput",
  });
}
