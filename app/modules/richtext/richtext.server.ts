// Rich text on the server: tiptap JSON is validated against the profile's schema (nodes, marks,
// attributes, safe links, local images), rendered to HTML by our own serializer, and that HTML
// is sanitized once more. Only validated JSON is stored; the HTML is stored beside it.
import { getSchema } from "@tiptap/core";
import type { Mark, Node as PMNode, Schema } from "@tiptap/pm/model";
import sanitizeHtml from "sanitize-html";
import { richTextExtensions, type RichTextProfile } from "./extensions";
import { attrProblem, isWellFormedText, LINK_PROTOCOLS, RULES, type ProfileRules } from "./rules";

export { isSafeHref, isWellFormedText } from "./rules";

export const MAX_JSON_BYTES = 200_000;
const MAX_DEPTH = 12;

export type RichText = { json: Record<string, unknown>; html: string; text: string };
export type RichTextError =
  | "richtext.invalid"
  | "richtext.tooLong"
  | "richtext.empty"
  | "richtext.unsafeLink"
  | "richtext.unsafeImage"
  | "richtext.notAllowed"
  | "richtext.badAltText"
  | "richtext.badCharacter";

export class RichTextRejected extends Error {
  constructor(
    public readonly code: RichTextError,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

const schemas = new Map<RichTextProfile, Schema>();
function schemaFor(profile: RichTextProfile): Schema {
  let schema = schemas.get(profile);
  if (!schema) {
    schema = getSchema(richTextExtensions(profile));
    schemas.set(profile, schema);
  }
  return schema;
}

/** Checks the raw JSON tree before ProseMirror sees it: known types, their exact attributes and values. */
function checkTree(value: unknown, rules: ProfileRules, depth: number): void {
  if (depth > MAX_DEPTH) throw new RichTextRejected("richtext.invalid", "too deep");
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new RichTextRejected("richtext.invalid", "node");
  const node = value as Record<string, unknown>;
  for (const key of Object.keys(node)) {
    if (!["type", "attrs", "content", "marks", "text"].includes(key)) throw new RichTextRejected("richtext.notAllowed", key);
  }
  const type = node.type;
  if (typeof type !== "string" || !Object.hasOwn(rules.nodes, type)) throw new RichTextRejected("richtext.notAllowed", String(type));
  checkAttrs(node.attrs, rules.nodes[type]!, type);
  if (type === "text") {
    if (typeof node.text !== "string") throw new RichTextRejected("richtext.invalid", "text");
    checkText(node.text, "text");
  } else if (node.text !== undefined) {
    throw new RichTextRejected("richtext.invalid", "text on non-text");
  }
  if (node.marks !== undefined) {
    if (type !== "text" || !Array.isArray(node.marks)) throw new RichTextRejected("richtext.invalid", "marks");
    for (const mark of node.marks as unknown[]) {
      if (!mark || typeof mark !== "object" || Array.isArray(mark)) throw new RichTextRejected("richtext.invalid", "mark");
      const m = mark as Record<string, unknown>;
      for (const key of Object.keys(m)) if (key !== "type" && key !== "attrs") throw new RichTextRejected("richtext.notAllowed", key);
      if (typeof m.type !== "string" || !Object.hasOwn(rules.marks, m.type)) throw new RichTextRejected("richtext.notAllowed", String(m.type));
      checkAttrs(m.attrs, rules.marks[m.type]!, m.type);
    }
  }
  if (node.content !== undefined) {
    if (!Array.isArray(node.content)) throw new RichTextRejected("richtext.invalid", "content");
    for (const child of node.content) checkTree(child, rules, depth + 1);
  }
}

/** Lone surrogates and NUL would make PostgreSQL refuse the row (a 500): refused here with a message. */
function checkText(value: string, where: string) {
  if (!isWellFormedText(value)) throw new RichTextRejected("richtext.badCharacter", where);
}

function checkAttrs(attrs: unknown, specs: ProfileRules["nodes"][string], type: string) {
  if (attrs && typeof attrs === "object") {
    for (const [key, value] of Object.entries(attrs)) if (typeof value === "string") checkText(value, `${type}.${key}`);
  }
  const problem = attrProblem(attrs, specs);
  if (problem) throw new RichTextRejected(`richtext.${problem}`, type);
}

// ---- rendering ----

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function renderMarks(text: string, marks: readonly Mark[]): string {
  let html = escapeHtml(text);
  // Links outermost, then bold, then italic: stable output for equal input.
  const order = ["italic", "bold", "link"];
  const sorted = [...marks].sort((a, b) => order.indexOf(a.type.name) - order.indexOf(b.type.name));
  for (const mark of sorted) {
    if (mark.type.name === "bold") html = `<strong>${html}</strong>`;
    else if (mark.type.name === "italic") html = `<em>${html}</em>`;
    else if (mark.type.name === "link") {
      const href = String(mark.attrs.href);
      html = `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow ugc">${html}</a>`;
    }
  }
  return html;
}

function renderNode(node: PMNode): string {
  const inner = () => {
    let out = "";
    node.forEach((child) => {
      out += renderNode(child);
    });
    return out;
  };
  switch (node.type.name) {
    case "doc":
      return inner();
    case "paragraph":
      return `<p>${inner()}</p>`;
    case "text":
      return renderMarks(node.text ?? "", node.marks);
    case "heading": {
      const level = Math.min(4, Math.max(2, Number(node.attrs.level) || 2));
      return `<h${level}>${inner()}</h${level}>`;
    }
    case "bulletList":
      return `<ul>${inner()}</ul>`;
    case "orderedList": {
      const start = Number(node.attrs.start) || 1;
      return start !== 1 ? `<ol start="${start}">${inner()}</ol>` : `<ol>${inner()}</ol>`;
    }
    case "listItem":
      return `<li>${inner()}</li>`;
    case "blockquote":
      return `<blockquote>${inner()}</blockquote>`;
    case "hardBreak":
      return "<br>";
    case "image": {
      const src = escapeHtml(String(node.attrs.src));
      const alt = escapeHtml(String(node.attrs.alt ?? ""));
      return `<img src="${src}" alt="${alt}" loading="lazy">`;
    }
    default:
      throw new RichTextRejected("richtext.notAllowed", node.type.name);
  }
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "br", "strong", "em", "a", "img"],
  allowedAttributes: { a: ["href", "rel"], img: ["src", "alt", "loading"], ol: ["start"] },
  allowedSchemes: [...LINK_PROTOCOLS],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
};

export function sanitizeRichHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

function plainText(node: PMNode): string {
  return node.textBetween(0, node.content.size, "\n", "\n").trim();
}

/** Parses, validates, renders and sanitizes. Throws RichTextRejected with an i18n key. */
export function processRichText(
  input: unknown,
  profile: RichTextProfile,
  options: { maxTextLength?: number; required?: boolean } = {},
): RichText {
  let value = input;
  if (typeof input === "string") {
    if (Buffer.byteLength(input) > MAX_JSON_BYTES) throw new RichTextRejected("richtext.tooLong");
    try {
      value = JSON.parse(input);
    } catch {
      throw new RichTextRejected("richtext.invalid", "json");
    }
  }
  checkTree(value, RULES[profile], 0);
  if ((value as { type: string }).type !== "doc") throw new RichTextRejected("richtext.invalid", "root");
  let doc: PMNode;
  try {
    doc = schemaFor(profile).nodeFromJSON(value);
    doc.check();
  } catch (error) {
    throw new RichTextRejected("richtext.invalid", (error as Error).message);
  }
  const text = plainText(doc);
  if (options.required !== false && text.length === 0 && !JSON.stringify(value).includes('"image"')) {
    throw new RichTextRejected("richtext.empty");
  }
  if (text.length > (options.maxTextLength ?? 50_000)) throw new RichTextRejected("richtext.tooLong");
  const html = sanitizeRichHtml(renderNode(doc));
  return { json: doc.toJSON() as Record<string, unknown>, html, text };
}

/** Plain text typed without JavaScript (a textarea): paragraphs split on blank lines. */
export function richTextFromPlain(text: string): Record<string, unknown> {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    type: "doc",
    content: paragraphs.map((p) => {
      const lines = p.split("\n");
      const content: Record<string, unknown>[] = [];
      lines.forEach((line, i) => {
        if (i > 0) content.push({ type: "hardBreak" });
        if (line) content.push({ type: "text", text: line });
      });
      return { type: "paragraph", content };
    }),
  };
}
