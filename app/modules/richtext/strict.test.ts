// The validator's contract: every node and mark carries exactly the attributes it may, with the
// values it may (per profile), anything else is refused with a translated message; text that
// PostgreSQL cannot store is refused before it gets there; what the editor produces passes.
import { getSchema } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { getT } from "~/i18n/i18n.server";
import { readRichTextInput } from "~/modules/projects/richtext-input.server";
import { richTextExtensions, type RichTextProfile } from "./extensions";
import { processRichText, RichTextRejected, type RichTextError } from "./richtext.server";
import { editorJsonForServer, isSafeAttributeText, isSafeHref, isWellFormedText, LINK_REL } from "./rules";

const doc = (...content: unknown[]) => ({ type: "doc", content });
const para = (...content: unknown[]) => ({ type: "paragraph", content });
const text = (t: string, marks?: unknown[]) => ({ type: "text", text: t, ...(marks ? { marks } : {}) });
const link = (attrs: Record<string, unknown>) => para(text("lien", [{ type: "link", attrs }]));
const linkDefaults = { target: null, rel: LINK_REL, class: null, title: null };
const image = (attrs: Record<string, unknown>) => ({ type: "image", attrs: { src: "/uploads/7/abcdef0123456789abcdef01-800.webp", alt: "Plan", ...attrs } });

function codeOf(input: unknown, profile: RichTextProfile): RichTextError | "accepted" {
  try {
    processRichText(typeof input === "string" ? input : JSON.stringify(input), profile);
    return "accepted";
  } catch (error) {
    if (error instanceof RichTextRejected) return error.code;
    throw error;
  }
}

// [why it is refused, document, profile, expected message key]
const HOSTILE: [string, unknown, RichTextProfile, RichTextError][] = [
  ["href with a double quote", link({ href: 'https://ville.example/" onmouseover="alert(1)' }), "basic", "richtext.unsafeLink"],
  ["href with a space", link({ href: "https://ville.example/a b" }), "basic", "richtext.unsafeLink"],
  ["href with angle brackets", link({ href: "https://ville.example/<script>" }), "basic", "richtext.unsafeLink"],
  ["href with a backslash", link({ href: "https:\\\\evil.example" }), "basic", "richtext.unsafeLink"],
  ["href with a backtick", link({ href: "https://ville.example/`x`" }), "basic", "richtext.unsafeLink"],
  ["href that is a number", link({ href: 42 }), "basic", "richtext.unsafeLink"],
  ["link without href", link({}), "basic", "richtext.unsafeLink"],
  ["mailto without address", link({ href: "mailto:" }), "basic", "richtext.unsafeLink"],
  ["href far too long", link({ href: `https://ville.example/${"a".repeat(2100)}` }), "basic", "richtext.unsafeLink"],
  ["link target _blank", link({ href: "https://ville.example", target: "_blank" }), "basic", "richtext.notAllowed"],
  ["link target _top", link({ href: "https://ville.example", target: "_top" }), "full", "richtext.notAllowed"],
  ["link rel opener", link({ href: "https://ville.example", rel: "opener" }), "basic", "richtext.notAllowed"],
  ["link class", link({ href: "https://ville.example", class: "button" }), "basic", "richtext.notAllowed"],
  ["link title", link({ href: "https://ville.example", title: '"><img src=x onerror=alert(1)>' }), "basic", "richtext.notAllowed"],
  ["link style", link({ href: "https://ville.example", style: "position:fixed" }), "basic", "richtext.notAllowed"],
  ["bold with attributes", para(text("x", [{ type: "bold", attrs: { class: "x" } }])), "basic", "richtext.notAllowed"],
  ["heading level 1 in the full set", doc({ type: "heading", attrs: { level: 1 }, content: [text("x")] }), "full", "richtext.notAllowed"],
  ["heading level 5", doc({ type: "heading", attrs: { level: 5 }, content: [text("x")] }), "full", "richtext.notAllowed"],
  ["heading level as a string", doc({ type: "heading", attrs: { level: "2" }, content: [text("x")] }), "full", "richtext.notAllowed"],
  ["heading without level (would default to 1)", doc({ type: "heading", content: [text("x")] }), "full", "richtext.notAllowed"],
  ["heading in the small tool set", doc({ type: "heading", attrs: { level: 2 }, content: [text("x")] }), "basic", "richtext.notAllowed"],
  ["image in the small tool set", doc(image({})), "basic", "richtext.notAllowed"],
  ["image alt with a double quote", doc(image({ alt: 'x" onerror="alert(1)' })), "full", "richtext.badAltText"],
  ["image alt with a tag", doc(image({ alt: "<img src=x onerror=alert(1)>" })), "full", "richtext.badAltText"],
  ["image alt with a closing bracket", doc(image({ alt: "plan > coupe" })), "full", "richtext.badAltText"],
  ["image alt with a backtick", doc(image({ alt: "`x`" })), "full", "richtext.badAltText"],
  ["image alt with a line break", doc(image({ alt: "ligne\nsuivante" })), "full", "richtext.badAltText"],
  ["image alt with a control character", doc(image({ alt: "x\u0007" })), "full", "richtext.badAltText"],
  ["image alt of 301 characters", doc(image({ alt: "a".repeat(301) })), "full", "richtext.badAltText"],
  ["image alt missing", doc(image({ alt: null })), "full", "richtext.badAltText"],
  ["image alt blank", doc(image({ alt: "   " })), "full", "richtext.badAltText"],
  ["image title", doc(image({ title: "x" })), "full", "richtext.notAllowed"],
  ["image width", doc(image({ width: 10_000 })), "full", "richtext.notAllowed"],
  ["image onerror", doc(image({ onerror: "alert(1)" })), "full", "richtext.notAllowed"],
  ["image from another path of ours", doc(image({ src: "/uploads/7/../../etc/a.webp" })), "full", "richtext.unsafeImage"],
  ["image src with a query", doc(image({ src: "/uploads/7/a.webp?x=1" })), "full", "richtext.unsafeImage"],
  ["image src svg", doc(image({ src: "/uploads/7/a.svg" })), "full", "richtext.unsafeImage"],
  ["ordered list starting at 0", doc({ type: "orderedList", attrs: { start: 0 }, content: [{ type: "listItem", content: [para(text("x"))] }] }), "basic", "richtext.notAllowed"],
  ["ordered list start as text", doc({ type: "orderedList", attrs: { start: "1" }, content: [{ type: "listItem", content: [para(text("x"))] }] }), "basic", "richtext.notAllowed"],
  ["ordered list type disc", doc({ type: "orderedList", attrs: { type: "disc" }, content: [{ type: "listItem", content: [para(text("x"))] }] }), "basic", "richtext.notAllowed"],
  ["paragraph with attributes", doc({ type: "paragraph", attrs: { textAlign: "center" }, content: [text("x")] }), "basic", "richtext.notAllowed"],
  ["attrs as an array", doc({ type: "paragraph", attrs: ["x"], content: [text("x")] }), "basic", "richtext.notAllowed"],
  ["__proto__ as a type", JSON.parse('{"type":"doc","content":[{"type":"__proto__"}]}'), "basic", "richtext.notAllowed"],
  ["toString as a mark", para(text("x", [{ type: "toString" }])), "basic", "richtext.notAllowed"],
  ["lone high surrogate in text", '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a\\ud800b"}]}]}', "basic", "richtext.badCharacter"],
  ["lone low surrogate in text", '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"\\udc00"}]}]}', "basic", "richtext.badCharacter"],
  ["NUL in text", '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a\\u0000b"}]}]}', "basic", "richtext.badCharacter"],
  ["lone surrogate in an href", link({ href: "https://ville.example/\ud800" }), "basic", "richtext.badCharacter"],
  ["NUL in an image alt", doc(image({ alt: "a\u0000" })), "full", "richtext.badCharacter"],
];

describe("strict rich-text validation", () => {
  it("has a table of at least 20 hostile documents", () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(20);
  });

  it.each(HOSTILE)("refuses %s", (_why, input, profile, expected) => {
    const wrapped = typeof input === "string" || (input as { type?: string }).type === "doc" ? input : doc(input);
    expect(codeOf(wrapped, profile)).toBe(expected);
  });

  it("has a translated message for every refusal, in both languages", () => {
    for (const locale of ["fr", "en"] as const) {
      const t = getT(locale) as unknown as (key: string) => string;
      for (const code of new Set(HOSTILE.map(([, , , c]) => c))) {
        const message = t(code);
        expect(message, `${locale} ${code}`).not.toBe(code);
        expect(message.length).toBeGreaterThan(10);
      }
    }
  });

  it("answers the form with the message instead of failing (lone surrogate from a form)", () => {
    const result = readRichTextInput('{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"\\ud800"}]}]}', "json", "full");
    expect(result).toEqual({ ok: false, error: "richtext.badCharacter" });
    expect(readRichTextInput("texte\u0000nul", "plain", "basic")).toEqual({ ok: false, error: "richtext.badCharacter" });
  });
});

/** Documents built with the editor's own schema and commands' attributes: what getJSON() gives. */
function editorDocuments(profile: RichTextProfile) {
  const schema = getSchema(richTextExtensions(profile));
  const { nodes, marks } = schema;
  const p = (...content: Parameters<typeof schema.text>[0][]) => nodes.paragraph!.create(null, content.map((c) => schema.text(c)));
  const linked = schema.text("le site", [marks.link!.create({ href: "https://ville.example/école?x=1&y=2#plan" })]);
  const mail = schema.text("écrire", [marks.link!.create({ href: "mailto:mairie@ville.example" })]);
  const blocks = [
    p("Un texte avec l'apostrophe, « des guillemets » et un <b> tapé."),
    nodes.paragraph!.create(null, [schema.text("gras", [marks.bold!.create()]), schema.text(" "), schema.text("italique", [marks.italic!.create()]), nodes.hardBreak!.create(), linked, schema.text(" "), mail]),
    nodes.bulletList!.create(null, [nodes.listItem!.create(null, [p("un")])]),
    nodes.orderedList!.create({ start: 3 }, [nodes.listItem!.create(null, [p("trois")])]),
    nodes.blockquote!.create(null, [p("citation")]),
  ];
  if (profile === "full") {
    blocks.unshift(nodes.heading!.create({ level: 2 }, [schema.text("Titre")]), nodes.heading!.create({ level: 4 }, [schema.text("Sous-titre")]));
    blocks.push(nodes.image!.create({ src: "/uploads/12/0123456789abcdef01234567-800.webp", alt: "Plan de l'école, vue « nord »" }));
  }
  return nodes.doc!.create(null, blocks).toJSON() as Record<string, unknown>;
}

describe("what the editor produces", () => {
  it.each(["full", "basic"] as const)("accepts the editor's documents (%s), defaults and all, and again once stored", (profile) => {
    const json = editorDocuments(profile);
    // The JSON really carries tiptap's stored defaults (what the validator must accept exactly).
    expect(JSON.stringify(json)).toContain(`"rel":"${LINK_REL}"`);
    expect(JSON.stringify(json)).toContain('"target":null');
    const first = processRichText(JSON.stringify(json), profile);
    // The stored JSON goes back into the editor and is posted again unchanged.
    expect(processRichText(JSON.stringify(editorJsonForServer(first.json)), profile).json).toEqual(first.json);
  });

  it("drops what a paste brings (target, class, title, sizes) but keeps the link and the image", () => {
    const pasted = doc(
      link({ href: "https://ville.example", target: "_blank", rel: "noopener", class: "btn", title: "Site" }),
      image({ title: "t", width: 300, height: 200 }),
      { type: "orderedList", attrs: { start: -4, type: "disc" }, content: [{ type: "listItem", content: [para(text("x"))] }] },
    );
    expect(codeOf(pasted, "full")).toBe("richtext.notAllowed");
    const cleaned = editorJsonForServer(pasted);
    expect(codeOf(cleaned, "full")).toBe("accepted");
    expect(JSON.stringify(cleaned)).toContain('"href":"https://ville.example"');
    expect(JSON.stringify(cleaned)).toContain('"alt":"Plan"');
  });

  it("renders the link with our rel only", () => {
    const { html } = processRichText(doc(link({ href: "https://ville.example/a?b=c&d='e'", ...linkDefaults })), "basic");
    expect(html).toBe('<p><a href="https://ville.example/a?b=c&amp;d=\'e\'" rel="noopener noreferrer nofollow ugc">lien</a></p>');
  });
});

describe("the rules one by one", () => {
  it("isWellFormedText: lone surrogates and NUL only", () => {
    expect(isWellFormedText("école 😀 « » \t\n")).toBe(true);
    expect(isWellFormedText("\ud83d")).toBe(false);
    expect(isWellFormedText("\ude00x")).toBe(false);
    expect(isWellFormedText("a\u0000")).toBe(false);
    for (const s of ["", "abc", "😀", "\ud83d\ude00", "x\ud800", "\udc00\ud800"]) {
      expect(isWellFormedText(s), JSON.stringify(s)).toBe((s as string & { isWellFormed(): boolean }).isWellFormed());
    }
  });

  it("isSafeHref: http(s) with a host and mailto, French paths, nothing that ends an attribute", () => {
    for (const ok of ["https://ville.example", "http://ville.example/école", "HTTPS://VILLE.EXAMPLE/a_(b)", "mailto:a@b.example?subject=Salut"]) {
      expect(isSafeHref(ok), ok).toBe(true);
    }
    for (const bad of ["https://", "https://a b", 'https://a"b', "https://a<b", "https://a\u200eb", "ftp://a.example", "javascript:alert(1)", "/relative"]) {
      expect(isSafeHref(bad), bad).toBe(false);
    }
  });

  it("isSafeAttributeText: one line, 300 characters, no quote or bracket, apostrophes welcome", () => {
    expect(isSafeAttributeText("Plan de l'école – vue « nord »")).toBe(true);
    expect(isSafeAttributeText("a".repeat(300))).toBe(true);
    expect(isSafeAttributeText("a".repeat(301))).toBe(false);
    expect(isSafeAttributeText('a"b')).toBe(false);
    expect(isSafeAttributeText("a\u0085b")).toBe(false);
  });
});
