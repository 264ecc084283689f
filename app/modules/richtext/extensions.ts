// The tiptap extensions of each rich-text profile, shared by the editor (browser) and the
// server (schema for validation). "full" for projects; "basic" for proposals and debates.
import type { AnyExtension } from "@tiptap/core";
import Image from "@tiptap/extension-image";
import StarterKit from "@tiptap/starter-kit";
import { LINK_REL } from "./rules";

export type RichTextProfile = "full" | "basic";

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
        // These become the stored defaults of every link (JSON keeps them): the validator accepts
        // exactly these values (rules.ts), and the editor drops pasted ones (editorJsonForServer).
        HTMLAttributes: { rel: LINK_REL, target: null, class: null },
      },
    }),
  ];
  if (profile === "full") extensions.push(Image.configure({ inline: false, allowBase64: false }));
  return extensions;
}
