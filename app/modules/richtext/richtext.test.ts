import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { processRichText, richTextFromPlain, RichTextRejected } from "./richtext.server";
import { XSS_DOCS, XSS_HREFS, XSS_STRINGS } from "./xss-corpus";

const paragraph = (content: unknown[]) => ({ type: "doc", content: [{ type: "paragraph", content }] });
const text = (t: string, marks?: unknown[]) => ({ type: "text", text: t, ...(marks ? { marks } : {}) });

const SAFE_TAGS = new Set(["p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "br", "strong", "em", "a", "img"]);

/** Parses the HTML as a browser would and checks every element and attribute. */
function assertInert(html: string) {
  const parser = new Parser({
    onopentag(name, attrs) {
      expect(SAFE_TAGS.has(name), `tag <${name}> in ${html}`).toBe(true);
      for (const [attr, value] of Object.entries(attrs)) {
        expect(attr.startsWith("on"), `attribute ${attr} in ${html}`).toBe(false);
        if (attr === "href" || attr === "src") expect(value).toMatch(/^(https?:|mailto:|\/uploads\/)/);
      }
    },
  });
  parser.write(html);
  parser.end();
}

describe("rich text", () => {
  it("renders the allowed nodes and marks to clean HTML", () => {
    const doc = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [text("Le square")] },
        paragraph([text("Un "), text("grand", [{ type: "bold" }]), text(" parc "), text("vert", [{ type: "italic" }])]).content[0],
        { type: "bulletList", content: [{ type: "listItem", content: [paragraph([text("arbres")]).content[0]] }] },
        { type: "blockquote", content: [paragraph([text("citation")]).content[0]] },
        paragraph([text("lien", [{ type: "link", attrs: { href: "https://ville.example/p" } }])]).content[0],
        { type: "image", attrs: { src: "/uploads/1/abc-800.webp", alt: "Plan du square" } },
      ],
    };
    const result = processRichText(JSON.stringify(doc), "full");
    expect(result.html).toBe(
      '<h2>Le square</h2><p>Un <strong>grand</strong> parc <em>vert</em></p><ul><li><p>arbres</p></li></ul>' +
        '<blockquote><p>citation</p></blockquote><p><a href="https://ville.example/p" rel="noopener noreferrer nofollow ugc">lien</a></p>' +
        '<img src="/uploads/1/abc-800.webp" alt="Plan du square" loading="lazy" />',
    );
    expect(result.text).toContain("Le square");
  });

  it("escapes markup typed as text instead of running it", () => {
    for (const payload of XSS_STRINGS) {
      const result = processRichText(paragraph([text(payload)]), "basic");
      assertInert(result.html);
      expect(result.text).toBe(payload.trim());
    }
  });

  it("refuses unsafe link targets", () => {
    for (const href of XSS_HREFS) {
      expect(() => processRichText(paragraph([text("x", [{ type: "link", attrs: { href } }])]), "basic"), href).toThrow(
        RichTextRejected,
      );
    }
  });

  it("refuses unknown nodes, attributes, marks and malformed documents", () => {
    for (const doc of XSS_DOCS) {
      expect(() => processRichText(typeof doc === "string" ? doc : JSON.stringify(doc), "full"), JSON.stringify(doc)).toThrow(
        RichTextRejected,
      );
    }
  });

  it("has a corpus of at least 50 payloads", () => {
    expect(XSS_STRINGS.length + XSS_HREFS.length + XSS_DOCS.length).toBeGreaterThanOrEqual(50);
  });

  it("keeps headings and images out of the basic profile", () => {
    expect(() => processRichText({ type: "doc", content: [{ type: "heading", attrs: { level: 2 }, content: [text("x")] }] }, "basic")).toThrow(
      /notAllowed/,
    );
    expect(() => processRichText({ type: "doc", content: [{ type: "image", attrs: { src: "/uploads/1/a.webp" } }] }, "basic")).toThrow(
      /notAllowed/,
    );
  });

  it("refuses empty and oversized documents with their own messages", () => {
    expect(() => processRichText({ type: "doc", content: [{ type: "paragraph" }] }, "basic")).toThrow(/richtext.empty/);
    expect(() => processRichText(paragraph([text("a".repeat(6000))]), "basic", { maxTextLength: 5000 })).toThrow(/richtext.tooLong/);
    expect(() => processRichText("x".repeat(300_000), "basic")).toThrow(/richtext.tooLong/);
    expect(() => processRichText("{not json", "basic")).toThrow(/richtext.invalid/);
  });

  it("turns plain text from a textarea into paragraphs", () => {
    const doc = richTextFromPlain("Ligne 1\nLigne 2\n\n<b>Deux</b>");
    const result = processRichText(doc, "basic");
    expect(result.html).toBe("<p>Ligne 1<br />Ligne 2</p><p>&lt;b&gt;Deux&lt;/b&gt;</p>");
  });
});
