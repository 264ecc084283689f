// The rich-text field before hydration (and without JavaScript): a labelled textarea posting plain
// text, which the server turns into the same paragraphs; documents read back as text.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { renderingI18n } from "~/i18n/i18n.server";
import { readRichTextInput } from "~/modules/projects/richtext-input.server";
import { richTextFromPlain } from "~/modules/richtext/richtext.server";
import { docToPlain, plainToDoc, readDefault } from "~/components/rich-text/plain";
import { RichTextField } from "~/components/rich-text/RichTextField";

function render(props: Parameters<typeof RichTextField>[0]) {
  return renderToString(createElement(I18nextProvider, { i18n: renderingI18n("fr") }, createElement(RichTextField, props)));
}

describe("RichTextField on the server", () => {
  it("renders a labelled textarea with the document's text, and says it posts plain text", () => {
    const doc = { type: "doc", content: [{ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Titre" }] }, { type: "paragraph", content: [{ type: "text", text: "Un <b>texte</b>." }] }] };
    const html = render({ name: "body", label: "Présentation", profile: "full", defaultValue: doc, errors: ["richtext.empty"], required: true, id: "rt" });
    expect(html).toContain('<label id="rt-label" for="rt-plain">Présentation<!-- --> <span class="field__required">(obligatoire)</span></label>');
    expect(html).toMatch(/<textarea id="rt-plain" name="body"[^>]*aria-invalid="true"[^>]*aria-describedby="rt-plain-note rt-error"/);
    expect(html).toContain("Titre\n\nUn &lt;b&gt;texte&lt;/b&gt;.</textarea>");
    expect(html).toContain('<input type="hidden" name="bodyFormat" value="plain"/>');
    expect(html).toContain('<p class="field__error" id="rt-error">Le texte ne peut pas être vide.</p>');
  });
});

describe("plain text and documents", () => {
  it("splits paragraphs like the server does", () => {
    const text = "Un.\nDeux lignes.\n\n\nTrois.";
    expect(plainToDoc(text)).toEqual(richTextFromPlain(text));
    expect(docToPlain(plainToDoc(text))).toBe("Un.\nDeux lignes.\n\nTrois.");
  });

  it("reads a default value: a document, its JSON, or typed text", () => {
    const doc = plainToDoc("Bonjour");
    expect(readDefault(doc).plain).toBe("Bonjour");
    expect(readDefault(JSON.stringify(doc)).doc).toEqual(doc);
    expect(readDefault("{pas du json").plain).toBe("{pas du json");
    expect(readDefault(null).plain).toBe("");
  });

  it("reads the field on the server from either format", () => {
    const fromEditor = readRichTextInput(JSON.stringify(plainToDoc("Bonjour")), "json", "basic");
    const fromTextarea = readRichTextInput("Bonjour", "plain", "basic");
    expect(fromEditor).toEqual(fromTextarea);
    expect(readRichTextInput("", "json", "basic")).toEqual({ ok: false, error: "richtext.empty" });
    expect(readRichTextInput('{"type":"doc","content":[{"type":"heading","attrs":{"level":2}}]}', "json", "basic")).toEqual({
      ok: false,
      error: "richtext.notAllowed",
    });
  });
});
