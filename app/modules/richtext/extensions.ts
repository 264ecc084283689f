// The tiptap extensions of each rich-text profile, shared by the editor (browser) and the
// server (schema for validation). "full" for projects; "basic" for proposals and debates.
import type { AnyExtension } from "@tiptap/core";
import Image from "@tiptap/extension-image";
import StarterKit from "@tiptap/starter-kit";

export type RichTextProfile = "full" | "basic";

export const LINK_PROTOCOLS = ["http", "https", "mailto"] as const;

export function richTextExtensions(profile: RichTextProfile): AnyExtension[] {
  const extensions: AnyExtension[] = [
    StarterKit.configure({
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
      horizontalRule: false,
      heading: profile === "full" ? { levels: [2, 3, 4] } : false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: "https",
        HTMLAttributes: { rel: "noopener noreferrer nofollow ugc", target: null },
      },
    }),
  ];
  if (profile === "full") extensions.push(Image.configure({ inline: false, allowBase64: false }));
  return extensions;
}

/** Node and mark names, and the attributes each may carry, per profile. */
export const ALLOWED: Record<RichTextProfile, { nodes: Record<string, string[]>; marks: Record<string, string[]> }> = {
  full: {
    nodes: {
      doc: [],
      paragraph: [],
      text: [],
      heading: ["level"],
      bulletList: [],
      orderedList: ["start", "type"],
      listItem: [],
      blockquote: [],
      hardBreak: [],
      image: ["src", "alt", "title", "width", "height"],
    },
    marks: { bold: [], italic: [], link: ["href", "target", "rel", "class", "title"] },
  },
  basic: {
    nodes: {
      doc: [],
      paragraph: [],
      text: [],
      bulletList: [],
      orderedList: ["start", "type"],
      listItem: [],
      blockquote: [],
      hardBreak: [],
    },
    marks: { bold: [], italic: [], link: ["href", "target", "rel", "class", "title"] },
  },
};
