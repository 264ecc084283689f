// "Signaler": a disclosure (<details>) under a proposal, comment or debate that opens a small
// report form posting to /report. Without JavaScript the form posts as a page and /report answers
// with its own page; with JavaScript a fetcher sends it, the confirmation is announced
// (role="status") and takes the focus, since the form it replaces had it.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { useFetcher, useLocation, type FetcherWithComponents } from "@remix-run/react";
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { plainField, useOpenedOnce } from "~/components/forms";
import { useTranslation } from "react-i18next";
import { ReportSchema, type ReportTarget } from "~/modules/moderation/schema";
import { kindLabel } from "~/modules/targets/types";
import { FormErrors, ReportFields } from "./ReportFields";

/** What /report answers (see routes/report.tsx). */
export type ReportActionData = {
  status: "reported" | "refused";
  result: SubmissionResult<string[]> | null;
  notice: string | null;
  /** Where the member came from (a page of this site), for the link back on the /report page. */
  back?: string | null;
};

export function reportFormAction(target: ReportTarget): string {
  return `/report?type=${target.type}&id=${target.id}`;
}

const REPORT_CONSTRAINT = getZodConstraint(ReportSchema);

export function ReportButton({ target, alreadyReported }: { target: ReportTarget; alreadyReported: boolean }) {
  const { t } = useTranslation(["common", "moderation"]);
  const location = useLocation();
  const fetcher = useFetcher<ReportActionData>();
  const statusRef = useRef<HTMLDivElement>(null);
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const summaryRef = useRef<HTMLElement>(null);
  // Until someone opens it with JavaScript running, the form is plain HTML (see plainField):
  // a thread shows one of these under every comment.
  const [opened, onToggle] = useOpenedOnce();
  const formId = `report-${target.type}-${target.id}`;
  const justReported = fetcher.state === "idle" && fetcher.data?.status === "reported";

  useEffect(() => {
    if (justReported) statusRef.current?.focus();
  }, [justReported]);

  function closeOnEscape(event: KeyboardEvent<HTMLDetailsElement>) {
    if (event.key !== "Escape" || !detailsRef.current?.open) return;
    event.preventDefault();
    detailsRef.current.open = false;
    summaryRef.current?.focus();
  }

  const fields = (
    <>
      <input type="hidden" name="targetType" value={target.type} />
      <input type="hidden" name="targetId" value={target.id} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
    </>
  );
  return (
    <div className="report">
      <div role="status" className="report__status" tabIndex={-1} ref={statusRef}>
        {justReported ? <p className="report__done">{fetcher.data?.notice ?? t("moderation:report.sent")}</p> : null}
      </div>
      {justReported ? null : alreadyReported ? (
        <p className="report__done">{t("moderation:report.already")}</p>
      ) : (
        <details className="report__disclosure" ref={detailsRef} onKeyDown={closeOnEscape} onToggle={onToggle}>
          <summary ref={summaryRef}>
            {t("moderation:report.button")}
            <span className="visually-hidden"> {kindLabel(t, "moderation:report.context", target.type)}</span>
          </summary>
          {opened ? (
            <ReportForm formId={formId} target={target} fetcher={fetcher}>
              {fields}
            </ReportForm>
          ) : (
            <form method="post" action={reportFormAction(target)} className="form report__form" id={formId}>
              <FormErrors id={`${formId}-errors`} errors={undefined} />
              {fields}
              <ReportFields reason={plainField(formId, "reason", REPORT_CONSTRAINT.reason)} details={plainField(formId, "details", REPORT_CONSTRAINT.details)} />
              <div className="actions">
                <button type="submit" className="button button--secondary">
                  {t("moderation:report.submit")}
                </button>
              </div>
            </form>
          )}
        </details>
      )}
    </div>
  );
}

/** The validated report form, sent by the button's fetcher. */
function ReportForm({
  formId,
  target,
  fetcher,
  children,
}: {
  formId: string;
  target: ReportTarget;
  fetcher: FetcherWithComponents<ReportActionData>;
  children: ReactNode;
}) {
  const { t } = useTranslation(["common", "moderation"]);
  const [form, fields] = useForm({
    id: formId,
    lastResult: fetcher.state === "idle" ? fetcher.data?.result : undefined,
    constraint: REPORT_CONSTRAINT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <fetcher.Form method="post" action={reportFormAction(target)} className="form report__form" {...getFormProps(form)}>
      <FormErrors id={`${formId}-errors`} errors={form.errors} />
      {children}
      <ReportFields reason={fields.reason} details={fields.details} />
      <div className="actions">
        <button type="submit" className="button button--secondary" disabled={fetcher.state !== "idle"}>
          {t("moderation:report.submit")}
        </button>
      </div>
    </fetcher.Form>
  );
}

/** The report button of each comment of a thread, for CommentSection's `reportSlot`; none when reporting is off. */
export function commentReportSlot(reports: { enabled: boolean; reported: string[] }) {
  if (!reports.enabled) return undefined;
  return (comment: { id: number }) => (
    <ReportButton target={{ type: "comment", id: comment.id }} alreadyReported={reports.reported.includes(`comment:${comment.id}`)} />
  );
}
