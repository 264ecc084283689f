// What a rich-text document may contain, attribute by attribute: shared by the server's validator
// and the editor (which must never send what the server refuses). Plain functions, no server code.
import { isWellFormedText } from "~/utils/text";
import type { RichTextProfile } from "./extensions";

export const LINK_PROTOCOLS = ["http", "https", "mailto"] as const;
/** The `rel` our Link extension stores on every link (see richTextExtensions). */
export const LINK_REL = "noopener noreferrer nofollow ugc";
export const MAX_HREF_LENGTH = 2000;
/** Same limit as the image panel's field and the project form's cover text. */
export const MAX_ALT_LENGTH = 300;
/** Images must be our own uploads: `/uploads/<organization id>/<hash>[-<width>].<ext>`. */
export const IMAGE_SRC = /^\/uploads\/\d+\/[a-z0-9][a-z0-9_-]*\.(webp|png|jpe?g)$/;

// The well-formed text check lives with the other text helpers (maps and forms use it too).
export { isWellFormedText } from "~/utils/text";

// C0 controls, DEL and C1 controls: never meaningful in a short attribute text.
// eslint-disable-next-line no-control-regex -- control characters are exactly what we look for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * An image's text alternative (or a title): one line of text, at most MAX_ALT_LENGTH characters,
 * without the characters that end an HTML attribute or open a tag (`"`, `` ` ``, `<`, `>`). The
 * apostrophe stays allowed: French needs it ("l'école"), and the serializer escapes it.
 */
export function isSafeAttributeText(value: unknown, maxLength = MAX_ALT_LENGTH): value is string {
  return (
    typeof value === "string" &&
    value.length <= maxLength &&
    isWellFormedText(value) &&
    !CONTROL.test(value) &&
    !/["`<>]/.test(value)
  );
}

// Characters a link may hold as typed: RFC 3986's unreserved and reserved characters, "%" of
// escapes, and letters, marks and digits beyond ASCII (French paths such as /école). Whitespace,
// quotes, angle brackets, backslashes and controls are refused: they are how an attribute ends.
// eslint-disable-next-line no-control-regex -- the ASCII range, written from \u0000, is what is excluded
const HREF_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]|[^\u0000-\u007f\s\p{C}\p{Z}])+$/u;

/** http(s) with a host, or mailto; nothing that could end the attribute or change the scheme. */
export function isSafeHref(href: unknown): href is string {
  if (typeof href !== "string" || href.length === 0 || href.length > MAX_HREF_LENGTH) return false;
  if (!isWellFormedText(href) || !HREF_CHARS.test(href)) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  const scheme = url.protocol.slice(0, -1);
  if (!(LINK_PROTOCOLS as readonly string[]).includes(scheme)) return false;
  // The scheme as written, not only as parsed: "HTTPS:" is fine, "javascript:" never reached here.
  if (href.slice(0, scheme.length + 1).toLowerCase() !== `${scheme}:`) return false;
  return scheme === "mailto" ? href.length > "mailto:".length : url.hostname.length > 0;
}

/** A check of one attribute value; `undefined` means the attribute is absent. */
type AttrRule = (value: unknown) => boolean;
export type AttrProblem = "notAllowed" | "unsafeLink" | "unsafeImage" | "badAltText";
type AttrSpec = { check: AttrRule; problem: AttrProblem };

const absentOrNull: AttrRule = (v) => v === undefined || v === null;
const only =
  (...values: unknown[]): AttrRule =>
  (v) =>
    v === undefined || v === null || values.includes(v);

const MAX_LIST_START = 100_000;
const LIST_TYPES: readonly unknown[] = ["1", "a", "A", "i", "I"];
const HEADING_LEVELS: Record<RichTextProfile, readonly number[]> = { full: [2, 3, 4], basic: [] };

function nodeSpecs(profile: RichTextProfile): Record<string, Record<string, AttrSpec>> {
  const none = {};
  const specs: Record<string, Record<string, AttrSpec>> = {
    doc: none,
    paragraph: none,
    text: none,
    bulletList: none,
    listItem: none,
    blockquote: none,
    hardBreak: none,
    orderedList: {
      start: { check: (v) => v === undefined || v === null || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_LIST_START), problem: "notAllowed" },
      // What tiptap reads from a pasted <ol type>: harmless list styles, never rendered by us.
      type: { check: only(...LIST_TYPES), problem: "notAllowed" },
    },
  };
  if (HEADING_LEVELS[profile].length > 0) {
    // Required: ProseMirror would otherwise default to level 1, the page's own title.
    specs.heading = { level: { check: (v) => HEADING_LEVELS[profile].includes(v as number), problem: "notAllowed" } };
  }
  if (profile === "full") {
    specs.image = {
      src: { check: (v) => typeof v === "string" && IMAGE_SRC.test(v), problem: "unsafeImage" },
      alt: { check: (v) => isSafeAttributeText(v) && v.trim().length > 0, problem: "badAltText" },
      title: { check: absentOrNull, problem: "notAllowed" },
      width: { check: absentOrNull, problem: "notAllowed" },
      height: { check: absentOrNull, problem: "notAllowed" },
    };
  }
  return specs;
}

const MARK_SPECS: Record<string, Record<string, AttrSpec>> = {
  bold: {},
  italic: {},
  link: {
    href: { check: isSafeHref, problem: "unsafeLink" },
    // Exactly what our Link extension stores by default (JSON keeps defaults): nothing else.
    target: { check: absentOrNull, problem: "notAllowed" },
    rel: { check: only(LINK_REL), problem: "notAllowed" },
    class: { check: absentOrNull, problem: "notAllowed" },
    title: { check: absentOrNull, problem: "notAllowed" },
  },
};

export type ProfileRules = {
  nodes: Record<string, Record<string, AttrSpec>>;
  marks: Record<string, Record<string, AttrSpec>>;
};

/** Node and mark types of a profile, each with the exact attributes (and values) it may carry. */
export const RULES: Record<RichTextProfile, ProfileRules> = {
  full: { nodes: nodeSpecs("full"), marks: MARK_SPECS },
  basic: { nodes: nodeSpecs("basic"), marks: MARK_SPECS },
};

/**
 * Checks the attributes of one node or mark against its rules: every rule is applied (so that a
 * required attribute cannot be left out) and any attribute without a rule is refused. Returns the
 * first problem, or null.
 */
export function attrProblem(attrs: unknown, specs: Record<string, AttrSpec>): AttrProblem | null {
  if (attrs !== undefined && attrs !== null && (typeof attrs !== "object" || Array.isArray(attrs))) return "notAllowed";
  const values = (attrs ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(values)) if (!Object.hasOwn(specs, key)) return "notAllowed";
  for (const [key, spec] of Object.entries(specs)) {
    if (!spec.check(Object.hasOwn(values, key) ? values[key] : undefined)) return spec.problem;
  }
  return null;
}

/**
 * What the editor writes into the form: its document with the attributes the server accepts only.
 * A pasted <a target="_blank" class="…" title="…"> or <img width="…" title="…"> keeps its link or
 * image, but not those attributes (tiptap would otherwise keep them from the pasted HTML).
 */
export function editorJsonForServer<T>(node: T): T {
  if (Array.isArray(node)) return node.map(editorJsonForServer) as T;
  if (!node || typeof node !== "object") return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = key === "attrs" ? value : editorJsonForServer(value);
  const attrs = copy.attrs as Record<string, unknown> | undefined;
  if (copy.type === "link" && attrs) copy.attrs = { href: attrs.href, target: null, rel: LINK_REL, class: null, title: null };
  if (copy.type === "image" && attrs) copy.attrs = { src: attrs.src, alt: attrs.alt ?? null, title: null, width: null, height: null };
  if (copy.type === "orderedList" && attrs) {
    const start = Number.isInteger(attrs.start) && (attrs.start as number) >= 1 && (attrs.start as number) <= MAX_LIST_START ? attrs.start : 1;
    copy.attrs = { start, type: LIST_TYPES.includes(attrs.type as string) ? attrs.type : null };
  }
  return copy as T;
}
