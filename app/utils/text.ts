// Text that can be stored and shown: the one check every free text and every JSON-valued form field
// goes through before the database. Plain functions, no server code (forms run them in the browser too).

// A high surrogate not followed by a low one, or a low one not preceded by a high one. Written
// without the `u` flag on purpose: it must see UTF-16 code units, not code points.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text PostgreSQL can store and every page can show: no NUL (refused by `text` and `jsonb`) and no
 * lone UTF-16 surrogate (not Unicode: `jsonb` refuses `\ud800`, UTF-8 encoders replace it). Use it on
 * any text before it reaches the database.
 */
export function isWellFormedText(s: string): boolean {
  return !s.includes("\u0000") && !LONE_SURROGATE.test(s);
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: "invalid" | "badCharacter" };

/**
 * JSON.parse for a form field, refusing text that is not well-formed: in the raw text, and in every
 * key and string once decoded (the escape "\ud800" is plain ASCII until JSON.parse turns it into a
 * lone surrogate, "\u0000" into NUL).
 */
export function parseWellFormedJson(text: string): JsonParseResult {
  if (!isWellFormedText(text)) return { ok: false, error: "badCharacter" };
  let wellFormed = true;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, item: unknown) => {
      if (!isWellFormedText(key) || (typeof item === "string" && !isWellFormedText(item))) wellFormed = false;
      return item;
    });
  } catch {
    return { ok: false, error: "invalid" };
  }
  return wellFormed ? { ok: true, value } : { ok: false, error: "badCharacter" };
}
