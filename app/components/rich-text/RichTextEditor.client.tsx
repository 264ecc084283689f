// The tiptap editor behind RichTextField (browser only, loaded lazily). A toolbar of real buttons
// (aria-pressed, arrow keys between them), link and image panels inside the page (no pop-ups),
// the document written as JSON into a hidden input. No raw HTML ever leaves it.
import { Extension, type Editor, type JSONContent } from "@tiptap/core";
import { TextSelection, type Transaction } from "@tiptap/pm/state";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { richTextExtensions, type RichTextProfile } from "~/modules/richtext/extensions";
import { editorJsonForServer, isSafeAttributeText, isSafeHref } from "~/modules/richtext/rules";
import { plainToDoc, type DocJson } from "./plain";

type Props = {
  name: string;
  profile: RichTextProfile;
  initialDoc: DocJson;
  /** Text typed in the textarea before the editor loaded: it wins over initialDoc. */
  initialPlain: string | null;
  labelId: string;
  describedBy: string;
  shortcutsId: string;
  invalid: boolean;
  required: boolean;
  uploadUrl: string;
  fallback: ReactNode;
  onReady: (focus: () => void) => void;
};

type Panel = null | "link" | "image";

/** Moves the cursor to the end of the selection (inside the chain, after the other steps). */
const collapseToEnd = ({ tr }: { tr: Transaction }) => {
  tr.setSelection(TextSelection.near(tr.doc.resolve(tr.selection.to)));
  return true;
};

/** "ville.fr/page" → "https://ville.fr/page"; refuses javascript: and whatever the server would refuse. */
export function normalizeLink(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  return isSafeHref(withScheme) ? withScheme : null;
}

/** The document as the form posts it: only the attributes the server accepts (see rules.ts). */
const serverJson = (editor: Editor) => JSON.stringify(editorJsonForServer(editor.getJSON()));

/** The next (or previous) focusable element of the page after `from`: Escape then Tab leaves the editor. */
function focusBeyond(from: HTMLElement, backwards: boolean) {
  const selector =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1']), [contenteditable='true']";
  // Links inside the text are not stops: the editor is one.
  const all = Array.from(document.querySelectorAll<HTMLElement>(selector)).filter(
    (el) => el === from || (!from.contains(el) && el.offsetParent !== null),
  );
  const index = all.indexOf(from);
  const target = backwards ? all[index - 1] : all[index + 1];
  target?.focus();
}

export default function RichTextEditor(props: Props) {
  const { t } = useTranslation(["common", "projects"]);
  const { profile, onReady } = props;
  const editorId = useId().replace(/:/g, "");
  const [json, setJson] = useState(() => JSON.stringify(props.initialPlain !== null ? plainToDoc(props.initialPlain) : props.initialDoc));
  const [panel, setPanel] = useState<Panel>(null);
  const [announcement, setAnnouncement] = useState("");
  const escaped = useRef(false);
  const openLinkPanel = useRef<() => void>(() => {});
  // Until tiptap has started, the textarea is still shown and may still be typed in: when the
  // editor is created, it takes the textarea's latest text, not the text it had at mount.
  const mountedPlain = useRef(props.initialPlain);
  const latestPlain = useRef(props.initialPlain);
  latestPlain.current = props.initialPlain;

  const editor = useEditor({
    immediatelyRender: false,
    extensions: [
      ...richTextExtensions(profile),
      Extension.create({
        name: "maquetteShortcuts",
        addKeyboardShortcuts() {
          return {
            "Mod-k": () => {
              openLinkPanel.current();
              return true;
            },
          };
        },
      }),
    ],
    content: (props.initialPlain !== null ? plainToDoc(props.initialPlain) : props.initialDoc) as JSONContent,
    editorProps: {
      attributes: {
        id: `${editorId}-content`,
        class: "rich-text__content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": props.labelId,
        "aria-describedby": props.describedBy,
        ...(props.required ? { "aria-required": "true" } : {}),
        ...(props.invalid ? { "aria-invalid": "true" } : {}),
      },
      handleKeyDown: (view, event) => {
        if (event.key === "Escape") {
          escaped.current = true;
          return false;
        }
        if (event.key === "Tab" && escaped.current) {
          escaped.current = false;
          focusBeyond(view.dom as HTMLElement, event.shiftKey);
          return true;
        }
        escaped.current = false;
        return false;
      },
    },
    onCreate: ({ editor: e }) => {
      const plain = latestPlain.current;
      if (plain !== null && plain !== mountedPlain.current) {
        e.commands.setContent(plainToDoc(plain) as JSONContent);
        setJson(serverJson(e));
      }
    },
    onUpdate: ({ editor: e }) => setJson(serverJson(e)),
  });

  // Error and description changes after a submission reach the contenteditable too.
  useEffect(() => {
    if (!editor) return;
    editor.setOptions({
      editorProps: {
        ...editor.options.editorProps,
        attributes: {
          id: `${editorId}-content`,
          class: "rich-text__content",
          role: "textbox",
          "aria-multiline": "true",
          "aria-labelledby": props.labelId,
          "aria-describedby": props.describedBy,
          ...(props.required ? { "aria-required": "true" } : {}),
          ...(props.invalid ? { "aria-invalid": "true" } : {}),
        },
      },
    });
  }, [editor, editorId, props.labelId, props.describedBy, props.invalid, props.required]);

  useEffect(() => {
    if (editor) onReady(() => editor.commands.focus());
  }, [editor, onReady]);

  openLinkPanel.current = () => setPanel("link");

  if (!editor) return <>{props.fallback}</>;

  return (
    <div className="rich-text__editor" data-invalid={props.invalid || undefined}>
      <Toolbar editor={editor} profile={profile} contentId={`${editorId}-content`} panel={panel} setPanel={setPanel} />
      {panel === "link" ? (
        <LinkPanel
          editor={editor}
          onClose={(message) => {
            setPanel(null);
            if (message) setAnnouncement(message);
          }}
        />
      ) : null}
      {panel === "image" && profile === "full" ? (
        <ImagePanel
          editor={editor}
          uploadUrl={props.uploadUrl}
          onClose={(message) => {
            setPanel(null);
            if (message) setAnnouncement(message);
          }}
        />
      ) : null}
      <EditorContent editor={editor} />
      <input type="hidden" name={props.name} value={json} />
      <input type="hidden" name={`${props.name}Format`} value="json" />
      <div role="status" className="visually-hidden">
        {announcement}
      </div>
      <details className="rich-text__shortcuts">
        <summary>{t("projects:editor.shortcutsTitle")}</summary>
        <ul id={props.shortcutsId}>
          <li>{t("projects:editor.shortcuts.toolbar")}</li>
          <li>{t("projects:editor.shortcuts.bold")}</li>
          <li>{t("projects:editor.shortcuts.italic")}</li>
          {profile === "full" ? <li>{t("projects:editor.shortcuts.headings")}</li> : null}
          <li>{t("projects:editor.shortcuts.lists")}</li>
          <li>{t("projects:editor.shortcuts.quote")}</li>
          <li>{t("projects:editor.shortcuts.link")}</li>
          <li>{t("projects:editor.shortcuts.undo")}</li>
          <li>{t("projects:editor.shortcuts.leave")}</li>
        </ul>
      </details>
    </div>
  );
}

type ToolButton = {
  key: string;
  label: string;
  run: () => void;
  pressed?: boolean;
  disabled?: boolean;
  className?: string;
  expanded?: boolean;
};

function Toolbar({
  editor,
  profile,
  contentId,
  panel,
  setPanel,
}: {
  editor: Editor;
  profile: RichTextProfile;
  contentId: string;
  panel: Panel;
  setPanel: (panel: Panel) => void;
}) {
  const { t } = useTranslation(["projects"]);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      h4: e.isActive("heading", { level: 4 }),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      blockquote: e.isActive("blockquote"),
      link: e.isActive("link"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const [active, setActive] = useState(0);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const chain = () => editor.chain().focus();
  const heading = (level: 2 | 3 | 4, pressed: boolean): ToolButton => ({
    key: `h${level}`,
    label: t(`projects:editor.heading${level}`),
    run: () => chain().toggleHeading({ level }).run(),
    pressed,
  });
  const buttons: ToolButton[] = [
    { key: "bold", label: t("projects:editor.bold"), run: () => chain().toggleBold().run(), pressed: state.bold, className: "rich-text__tool--bold" },
    { key: "italic", label: t("projects:editor.italic"), run: () => chain().toggleItalic().run(), pressed: state.italic, className: "rich-text__tool--italic" },
    ...(profile === "full" ? [heading(2, state.h2), heading(3, state.h3), heading(4, state.h4)] : []),
    { key: "bulletList", label: t("projects:editor.bulletList"), run: () => chain().toggleBulletList().run(), pressed: state.bulletList },
    { key: "orderedList", label: t("projects:editor.orderedList"), run: () => chain().toggleOrderedList().run(), pressed: state.orderedList },
    { key: "blockquote", label: t("projects:editor.blockquote"), run: () => chain().toggleBlockquote().run(), pressed: state.blockquote },
    { key: "link", label: t("projects:editor.link"), run: () => setPanel(panel === "link" ? null : "link"), pressed: state.link, expanded: panel === "link" },
    ...(profile === "full"
      ? [{ key: "image", label: t("projects:editor.image"), run: () => setPanel(panel === "image" ? null : "image"), expanded: panel === "image" }]
      : []),
    { key: "undo", label: t("projects:editor.undo"), run: () => chain().undo().run(), disabled: !state.canUndo },
    { key: "redo", label: t("projects:editor.redo"), run: () => chain().redo().run(), disabled: !state.canRedo },
  ];
  const current = Math.min(active, buttons.length - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    let next: number | null = null;
    if (event.key in moves) next = (current + moves[event.key]! + buttons.length) % buttons.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = buttons.length - 1;
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    refs.current[next]?.focus();
  };

  return (
    <div role="toolbar" aria-label={t("projects:editor.toolbar")} aria-controls={contentId} className="rich-text__toolbar" onKeyDown={onKeyDown}>
      {buttons.map((button, index) => (
        <button
          key={button.key}
          ref={(el) => {
            refs.current[index] = el;
          }}
          type="button"
          className={`rich-text__tool ${button.className ?? ""}`}
          tabIndex={index === current ? 0 : -1}
          aria-pressed={button.pressed === undefined ? undefined : button.pressed}
          aria-expanded={button.expanded === undefined ? undefined : button.expanded}
          aria-disabled={button.disabled || undefined}
          onFocus={() => setActive(index)}
          onClick={() => {
            if (!button.disabled) button.run();
          }}
        >
          {button.label}
        </button>
      ))}
    </div>
  );
}

function LinkPanel({ editor, onClose }: { editor: Editor; onClose: (message?: string) => void }) {
  const { t } = useTranslation(["projects"]);
  const id = useId().replace(/:/g, "");
  const [value, setValue] = useState(() => String(editor.getAttributes("link").href ?? ""));
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const apply = () => {
    const href = normalizeLink(value);
    if (!href) {
      setError(t("projects:errors.linkInvalid"));
      input.current?.focus();
      return;
    }
    // The cursor goes after the link, so that what is typed (or inserted) next does not replace it.
    editor.chain().focus().extendMarkRange("link").setLink({ href }).command(collapseToEnd).run();
    onClose(t("projects:editor.linkApplied"));
  };
  const remove = () => {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    onClose(t("projects:editor.linkRemoved"));
  };
  const cancel = () => {
    editor.commands.focus();
    onClose();
  };
  return (
    <div className="rich-text__panel" role="group" aria-labelledby={`${id}-label`}>
      <div className="field">
        <label id={`${id}-label`} htmlFor={`${id}-url`}>
          {t("projects:editor.linkUrl")}
        </label>
        <input
          ref={input}
          id={`${id}-url`}
          type="text"
          inputMode="url"
          autoComplete="url"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => {
            // Enter applies the link instead of submitting the whole form; Escape closes the panel.
            if (event.key === "Enter") {
              event.preventDefault();
              apply();
            } else if (event.key === "Escape") {
              event.preventDefault();
              cancel();
            }
          }}
        />
        {error ? (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={apply}>
          {t("projects:editor.linkApply")}
        </button>
        {editor.isActive("link") ? (
          <button type="button" className="button button--secondary" onClick={remove}>
            {t("projects:editor.linkRemove")}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" onClick={cancel}>
          {t("projects:editor.cancel")}
        </button>
      </div>
    </div>
  );
}

function ImagePanel({ editor, uploadUrl, onClose }: { editor: Editor; uploadUrl: string; onClose: (message?: string) => void }) {
  const { t } = useTranslation(["common", "projects"]);
  const id = useId().replace(/:/g, "");
  const fileRef = useRef<HTMLInputElement>(null);
  const [alt, setAlt] = useState("");
  const [errors, setErrors] = useState<{ file?: string; alt?: string }>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => fileRef.current?.focus(), []);

  const upload = async () => {
    const file = fileRef.current?.files?.[0];
    const next: { file?: string; alt?: string } = {};
    if (!file) next.file = t("projects:errors.imageMissing");
    if (!alt.trim()) next.alt = t("projects:errors.altRequired");
    else if (!isSafeAttributeText(alt.trim())) next.alt = t("richtext.badAltText");
    setErrors(next);
    if (next.file || next.alt || !file) {
      (next.file ? fileRef.current : document.getElementById(`${id}-alt`))?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = new FormData();
      body.append("file", file);
      body.append("alt", alt.trim());
      const response = await fetch(uploadUrl, { method: "POST", body, headers: { Accept: "application/json" } });
      const result = (await response.json().catch(() => ({}))) as { url?: string; alt?: string; error?: string; field?: string };
      if (!response.ok || !result.url) {
        const message = result.error ?? t("projects:errors.uploadFailed");
        setErrors(result.field === "alt" ? { alt: message } : { file: message });
        return;
      }
      // Inserted after the selection, never over selected text.
      editor
        .chain()
        .focus()
        .command(collapseToEnd)
        .setImage({ src: result.url, alt: result.alt ?? alt.trim() })
        .run();
      onClose(t("projects:editor.imageInserted"));
    } catch {
      setErrors({ file: t("projects:errors.uploadFailed") });
    } finally {
      setBusy(false);
    }
  };

  const describe = (hint: string, error?: string) => [hint, error ? `${id}-${error}` : null].filter(Boolean).join(" ");
  return (
    <div className="rich-text__panel" role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="rich-text__panel-title">
        {t("projects:editor.image")}
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>
          {t("projects:editor.imageFile")} <span className="field__required">{t("form.required")}</span>
        </label>
        <p className="field__hint" id={`${id}-file-hint`}>
          {t("projects:editor.imageHint")}
        </p>
        <input
          ref={fileRef}
          id={`${id}-file`}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
          aria-invalid={errors.file ? true : undefined}
          aria-describedby={describe(`${id}-file-hint`, errors.file ? "file-error" : undefined)}
        />
        {errors.file ? (
          <p className="field__error" id={`${id}-file-error`}>
            {errors.file}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-alt`}>
          {t("projects:editor.imageAlt")} <span className="field__required">{t("form.required")}</span>
        </label>
        <p className="field__hint" id={`${id}-alt-hint`}>
          {t("projects:editor.imageAltHint")}
        </p>
        <input
          id={`${id}-alt`}
          type="text"
          value={alt}
          maxLength={300}
          aria-invalid={errors.alt ? true : undefined}
          aria-describedby={describe(`${id}-alt-hint`, errors.alt ? "alt-error" : undefined)}
          onChange={(event) => setAlt(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              void upload();
            }
          }}
        />
        {errors.alt ? (
          <p className="field__error" id={`${id}-alt-error`}>
            {errors.alt}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void upload()} disabled={busy} aria-disabled={busy || undefined}>
          {t("projects:editor.imageInsert")}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            editor.commands.focus();
            onClose();
          }}
        >
          {t("projects:editor.cancel")}
        </button>
      </div>
      <p role="status" className="rich-text__busy">
        {busy ? t("projects:editor.imageUploading") : ""}
      </p>
    </div>
  );
}
