// Plain text ⇄ tiptap documents, for the textarea shown before the editor loads (and without
// JavaScript). Mirrors richTextFromPlain on the server: paragraphs split on blank lines.
export type DocJson = { type: "doc"; content?: unknown[] } & Record<string, unknown>;

export function plainToDoc(text: string): DocJson {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    type: "doc",
    content: paragraphs.map((p) => {
      const content: Record<string, unknown>[] = [];
      p.split("\n").forEach((line, i) => {
        if (i > 0) content.push({ type: "hardBreak" });
        if (line) content.push({ type: "text", text: line });
      });
      return { type: "paragraph", content };
    }),
  };
}

type Node = { type?: string; text?: string; content?: Node[] };

/** The text of a document, blocks separated by blank lines (what the textarea shows). */
export function docToPlain(doc: unknown): string {
  const blocks: string[] = [];
  const inline = (node: Node): string => {
    if (node.type === "text") return node.text ?? "";
    if (node.type === "hardBreak") return "\n";
    return (node.content ?? []).map(inline).join("");
  };
  const walk = (node: Node) => {
    if (!node || typeof node !== "object") return;
    if (node.type === "paragraph" || node.type === "heading") {
      const text = inline(node).trim();
      if (text) blocks.push(text);
      return;
    }
    for (const child of node.content ?? []) walk(child);
  };
  walk(doc as Node);
  return blocks.join("\n\n");
}

/** A field's default value: a document (object or JSON string), or plain text typed without JavaScript. */
export function readDefault(value: unknown): { doc: DocJson; plain: string } {
  if (value && typeof value === "object" && (value as Node).type === "doc") {
    return { doc: value as DocJson, plain: docToPlain(value) };
  }
  if (typeof value === "string" && value.trim()) {
    const text = value.trim();
    if (text.startsWith("{")) {
      try {
        const parsed = JSON.parse(text) as Node;
        if (parsed && parsed.type === "doc") return { doc: parsed as DocJson, plain: docToPlain(parsed) };
      } catch {
        // Not JSON: text typed in the textarea.
      }
    }
    return { doc: plainToDoc(value), plain: value };
  }
  return { doc: { type: "doc", content: [{ type: "paragraph" }] }, plain: "" };
}
