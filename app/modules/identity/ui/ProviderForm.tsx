// The admins' form for one identity provider (new or existing): kind, button text, short name,
// issuer, client id and secret (never shown again), scopes, enabled; and the two addresses the
// provider must know (redirect and post-logout URIs), built from the organization's origin.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { useValidatedForm } from "~/components/useValidatedForm";
import { SelectField } from "~/modules/admin/ui/parts";
import { PROVIDER_KINDS, ProviderSchema, type ProviderSummary } from "../schema";

export function ProviderForm({
  id,
  provider,
  lastResult,
  origin,
  disabled,
}: {
  id: string;
  provider: ProviderSummary | null;
  lastResult: SubmissionResult<string[]> | undefined;
  origin: string;
  disabled: boolean;
}) {
  const { t } = useTranslation(["common", "identity"]);
  const [form, fields] = useValidatedForm(ProviderSchema, {
    id,
    lastResult,
    defaultValue: provider
      ? { kind: provider.kind, label: provider.label, slug: provider.slug, issuer: provider.issuer, clientId: provider.clientId, scopes: provider.scopes, enabled: provider.enabled ? "on" : undefined }
      : { kind: "franceconnect", label: "FranceConnect", slug: "franceconnect", enabled: "on" },
  });
  const slug = (fields.slug.value as string | undefined) || provider?.slug || "…";
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <ErrorSummary id={`${id}-errors`} formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
      <SelectField meta={fields.kind} label={t("identity:admin.kind")} required>
        {PROVIDER_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`identity:admin.kinds.${kind}`)}
          </option>
        ))}
      </SelectField>
      <Field meta={fields.label} label={t("identity:admin.label")} hint={t("identity:admin.labelHint")} required inputProps={{ maxLength: 80 }} />
      <Field
        meta={fields.slug}
        label={t("identity:admin.slug")}
        hint={t("identity:admin.slugHint")}
        required
        inputProps={{ maxLength: 40, spellCheck: false, autoComplete: "off" }}
      />
      <Field
        meta={fields.issuer}
        label={t("identity:admin.issuer")}
        hint={<span style={{ overflowWrap: "anywhere" }}>{t("identity:admin.issuerHint")}</span>}
        required
        inputProps={{ inputMode: "url", spellCheck: false, autoComplete: "off", maxLength: 300 }}
      />
      <Field meta={fields.clientId} label={t("identity:admin.clientId")} required inputProps={{ spellCheck: false, autoComplete: "off", maxLength: 200 }} />
      <Field
        meta={fields.clientSecret}
        type="password"
        label={t("identity:admin.clientSecret")}
        hint={provider ? `${t("identity:admin.clientSecretHint")} ${t("identity:admin.clientSecretKeep")}` : t("identity:admin.clientSecretHint")}
        required={!provider}
        inputProps={{ autoComplete: "new-password", maxLength: 500 }}
      />
      <Field meta={fields.scopes} label={t("identity:admin.scopes")} hint={t("identity:admin.scopesHint")} inputProps={{ spellCheck: false, autoComplete: "off" }} />
      <CheckboxField meta={fields.enabled} label={t("identity:admin.enabled")} />
      <div className="stack" style={{ overflowWrap: "anywhere" }}>
        <h3>{t("identity:admin.urlsTitle")}</h3>
        <ul>
          <li>{t("identity:admin.callbackUrl", { url: `${origin}/auth/oidc/${slug}/callback` })}</li>
          <li>{t("identity:admin.logoutUrl", { url: `${origin}/auth/oidc/logged-out` })}</li>
        </ul>
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={disabled}>
          {t("identity:admin.save")}
        </button>
      </div>
    </Form>
  );
}
