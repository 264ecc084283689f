// The model form of a variant. Without JavaScript it is a plain multipart form to the page's
// action (the answer shows the report or the refusal). With JavaScript it is sent with
// XMLHttpRequest to the model route, which answers JSON: the bytes sent show in a progress bar,
// then the optimisation (in the server's worker) as an indeterminate one, then the page is loaded
// again (the variant's report) or the refusal shows in words, focused.
import { useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/forms";
import { formatBytes } from "~/utils/intl";
import { MAX_GLB_UPLOAD_BYTES, type PipelineRefusal } from "../../schema";
import { ModelRefusal } from "./ModelMessages";

type Answer = { ok: true; notice: string; location: string } | { ok: false; refusal: PipelineRefusal | null; message: string | null };

export function ModelUploadForm({
  action,
  jsonAction,
  variantId,
  refusal: serverRefusal,
  errors,
}: {
  action: string;
  jsonAction: string;
  variantId: number;
  refusal: PipelineRefusal | null;
  errors?: string[];
}) {
  const { t, i18n } = useTranslation(["scenes", "common"]);
  const navigate = useNavigate();
  const [phase, setPhase] = useState<"idle" | "sending" | "processing">("idle");
  const [percent, setPercent] = useState(0);
  const [refusal, setRefusal] = useState<PipelineRefusal | null>(serverRefusal);
  const [message, setMessage] = useState<string | null>(null);
  const refusalRef = useRef<HTMLDivElement>(null);
  const id = `model-${variantId}`;

  useEffect(() => setRefusal(serverRefusal), [serverRefusal]);
  useEffect(() => {
    if (refusal || message) refusalRef.current?.querySelector<HTMLElement>("[role=alert]")?.focus();
  }, [refusal, message]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const file = (form.elements.namedItem("model") as HTMLInputElement | null)?.files?.[0];
    if (!file) return; // the server answers the missing file in words
    event.preventDefault();
    setRefusal(null);
    setMessage(null);
    setPercent(0);
    setPhase("sending");
    const request = new XMLHttpRequest();
    request.open("POST", jsonAction);
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) setPercent(Math.round((e.loaded / e.total) * 100));
    };
    request.upload.onload = () => setPhase("processing");
    request.onload = () => {
      setPhase("idle");
      let answer: Answer | null = null;
      try {
        answer = JSON.parse(request.responseText) as Answer;
      } catch {
        answer = null;
      }
      if (answer?.ok) {
        form.reset();
        // The page again, with the variant's new report and the notice (as without JavaScript).
        navigate(answer.location);
      } else if (answer && !answer.ok) {
        setRefusal(answer.refusal);
        setMessage(answer.refusal ? null : (answer.message ?? t("scenes:upload.errors.failed")));
      } else {
        setMessage(t("scenes:upload.errors.failed"));
      }
    };
    request.onerror = () => {
      setPhase("idle");
      setMessage(t("scenes:upload.errors.failed"));
    };
    request.send(new FormData(form));
  }

  return (
    <form method="post" encType="multipart/form-data" action={action} onSubmit={onSubmit} className="stack" aria-labelledby={`${id}-title`}>
      <input type="hidden" name="intent" value="model" />
      <input type="hidden" name="variantId" value={variantId} />
      <div className="field">
        <label htmlFor={id}>{t("scenes:manage.modelFile", { max: formatBytes(MAX_GLB_UPLOAD_BYTES, i18n.language) })}</label>
        <p className="field__hint" id={`${id}-hint`}>
          {t("scenes:manage.modelHint")}
        </p>
        <input
          id={id}
          name="model"
          type="file"
          accept=".glb,model/gltf-binary"
          aria-describedby={[`${id}-hint`, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ")}
          aria-invalid={errors?.length ? true : undefined}
        />
        <FieldErrors id={`${id}-error`} errors={errors} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={phase !== "idle"}>
          {t("scenes:manage.uploadModel")}
        </button>
      </div>
      <div aria-live="polite" className="upload-progress">
        {phase === "sending" ? (
          <>
            <label htmlFor={`${id}-progress`}>{t("scenes:manage.uploading", { percent })}</label>
            <progress id={`${id}-progress`} max={100} value={percent} />
          </>
        ) : phase === "processing" ? (
          <>
            <label htmlFor={`${id}-progress`}>{t("scenes:manage.processing")}</label>
            <progress id={`${id}-progress`} />
          </>
        ) : null}
      </div>
      <div ref={refusalRef}>
        {refusal ? (
          <ModelRefusal refusal={refusal} id={`${id}-refusal`} />
        ) : message ? (
          <div className="form-errors" role="alert" tabIndex={-1}>
            <p>{message}</p>
          </div>
        ) : null}
      </div>
    </form>
  );
}
