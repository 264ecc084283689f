// Reading a RichTextField from a submitted form: the editor's tiptap JSON, or (without
// JavaScript) the plain text of its textarea turned into paragraphs. Shared by every form that
// uses RichTextField (projects with "full", proposals with "basic").
import type { RichTextProfile } from "~/modules/richtext/extensions";
import { processRichText, richTextFromPlain, RichTextRejected, type RichText } from "~/modules/richtext/richtext.server";

const EMPTY_DOC = { type: "doc", content: [{ type: "paragraph" }] };

export type RichTextInputResult = { ok: true; value: RichText } | { ok: false; error: string };

/**
 * `value` is the field's value and `format` the `${name}Format` value RichTextField posts beside it
 * ("json" from the editor, "plain" from the textarea). Errors are i18n keys ("richtext.empty"…).
 */
export function readRichTextInput(
  value: string | null | undefined,
  format: string | null | undefined,
  profile: RichTextProfile,
  options: { required?: boolean; maxTextLength?: number } = {},
): RichTextInputResult {
  try {
    const text = value ?? "";
    // Nothing typed: an empty paragraph, which processRichText calls empty (or accepts if optional).
    const input = !text.trim() ? EMPTY_DOC : format === "json" ? text : richTextFromPlain(text);
    return { ok: true, value: processRichText(input, profile, options) };
  } catch (error) {
    if (error instanceof RichTextRejected) return { ok: false, error: error.code };
    throw error;
  }
}
