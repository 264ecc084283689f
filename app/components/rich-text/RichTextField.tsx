// A rich-text form field. On the server, before hydration and without JavaScript it is a plain
// <textarea> (the server turns its text into paragraphs); in the browser the tiptap editor (a lazy
// chunk) replaces it and posts the document's JSON. Either way the form posts `${name}` and
// `${name}Format` ("plain" or "json"): read them with readRichTextInput on the server.
import type { LinksFunction } from "@remix-run/node";
import { lazy, Suspense, useCallback, useId, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "~/components/forms";
import type { RichTextProfile } from "~/modules/richtext/extensions";
import { readDefault, type DocJson } from "./plain";
import styles from "./rich-text.css";

const RichTextEditor = lazy(() => import("./RichTextEditor.client"));

/** Add to the `links` of a route that renders a RichTextField. */
export const richTextLinks: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const subscribe = () => () => {};
function useHydrated() {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

export type RichTextFieldProps = {
  name: string;
  label: string;
  /** "full" (headings, images: projects) or "basic" (proposals, debates). */
  profile: RichTextProfile;
  /** A tiptap document (object or JSON string), or text typed without JavaScript. */
  defaultValue?: unknown;
  /** i18n keys ("richtext.empty") or text already translated. */
  errors?: string[] | null;
  hint?: string;
  required?: boolean;
  id?: string;
  /** Where the editor uploads images ("full" profile): POST answering { url, alt } or { error }. */
  uploadUrl?: string;
};

export function RichTextField({ name, label, profile, defaultValue, errors, hint, required, id, uploadUrl = "/uploads" }: RichTextFieldProps) {
  const { t } = useTranslation(["common", "projects"]);
  const errorText = useErrorText();
  const hydrated = useHydrated();
  const reactId = useId();
  const baseId = id ?? `rich-text-${name}-${reactId.replace(/:/g, "")}`;
  const labelId = `${baseId}-label`;
  const hintId = `${baseId}-hint`;
  const errorId = `${baseId}-error`;
  const plainId = `${baseId}-plain`;
  const shortcutsId = `${baseId}-shortcuts`;
  const [initial] = useState(() => readDefault(defaultValue));
  const [plain, setPlain] = useState(initial.plain);
  const [plainTouched, setPlainTouched] = useState(false);
  const [editorReady, setEditorReady] = useState(false);
  const focusEditor = useRef<(() => void) | null>(null);
  const hasErrors = Boolean(errors?.length);

  const onReady = useCallback((focus: () => void) => {
    focusEditor.current = focus;
    setEditorReady(true);
  }, []);

  const textarea = (
    <>
      <textarea
        id={plainId}
        name={name}
        className="rich-text__plain"
        rows={profile === "full" ? 14 : 8}
        value={plain}
        onChange={(event) => {
          setPlain(event.target.value);
          setPlainTouched(true);
        }}
        required={required}
        aria-required={required || undefined}
        aria-invalid={hasErrors || undefined}
        aria-describedby={[hint ? hintId : null, `${plainId}-note`, hasErrors ? errorId : null].filter(Boolean).join(" ")}
      />
      <p className="field__hint" id={`${plainId}-note`}>
        {t("projects:editor.plainHint")}
      </p>
      <input type="hidden" name={`${name}Format`} value="plain" />
    </>
  );

  const startDoc: DocJson = plainTouched ? { type: "doc", content: [] } : initial.doc;
  return (
    <div className="field rich-text">
      <label
        id={labelId}
        htmlFor={editorReady ? undefined : plainId}
        onClick={editorReady ? () => focusEditor.current?.() : undefined}
      >
        {label} {required ? <span className="field__required">{t("form.required")}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {hydrated ? (
        <Suspense fallback={textarea}>
          <RichTextEditor
            name={name}
            profile={profile}
            initialDoc={startDoc}
            initialPlain={plainTouched ? plain : null}
            labelId={labelId}
            describedBy={[hint ? hintId : null, shortcutsId, hasErrors ? errorId : null].filter(Boolean).join(" ")}
            shortcutsId={shortcutsId}
            invalid={hasErrors}
            required={Boolean(required)}
            uploadUrl={uploadUrl}
            fallback={textarea}
            onReady={onReady}
          />
        </Suspense>
      ) : (
        textarea
      )}
      {hasErrors ? (
        <p className="field__error" id={errorId}>
          {errors!.map(errorText).join(" ")}
        </p>
      ) : null}
    </div>
  );
}
