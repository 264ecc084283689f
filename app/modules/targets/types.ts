// What the browser knows of participation targets (the kinds people comment on, report, hide,
// search or audit): a reference by kind and id. The kinds themselves are the server's registry
// (registry.server.ts); forms accept any well-formed kind name and the server looks it up, so a
// new kind needs no change here. No server code here: the forms' schemas import it.
import { z } from "zod";

export type TargetRef = { type: string; id: number };

/** A kind's name as stored in `target_type` columns and `target_kinds.kind`. */
export const TARGET_KIND_PATTERN = /^[a-z][a-z_]{0,30}$/;

/** The `targetType` field of a form: a well-formed kind name (whether it exists is the server's question). */
export const targetTypeField = z
  .string({ required_error: "errors.invalid", invalid_type_error: "errors.invalid" })
  .regex(TARGET_KIND_PATTERN, "errors.invalid");

/** "proposal:12": the key of a target in sets and maps. */
export function targetKey(target: TargetRef): string {
  return `${target.type}:${target.id}`;
}

type AnyT = (key: string, options?: Record<string, unknown>) => string;

/**
 * A kind's label in one family of labels (`moderation:targetTypes`, `moderation:targetNouns`...).
 * Kinds are open-ended, so the key is built at run time (and escapes i18next's typed keys): each
 * kind adds its entry to every family; one without reads as its name rather than as a key.
 */
export function kindLabel(t: unknown, family: string, type: string): string {
  return (t as AnyT)(`${family}.${type}`, { defaultValue: type });
}
