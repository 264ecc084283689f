// /admin/settings: the organization's name, default language, primary colour, report threshold; its
// maps: basemap style URL (https, or empty for the built-in one) and starting view; and the town's
// identity: logo, home banner with its alt text, welcome text (rich text), footer links.
import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field, useErrorText } from "~/components/forms";
import { RichTextField, richTextLinks } from "~/components/rich-text/RichTextField";
import { MAX_FOOTER_LINKS } from "~/modules/organizations/identity";
import { loadIdentityForm, saveTownIdentityForm } from "~/modules/organizations/identity-form.server";
import { LOCALES } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { MAP_STYLE_URL_MAX, MapSettingsSchema, OrganizationSettingsSchema } from "~/modules/admin/schema";
import { getOrganizationSettings, updateOrganizationSettings, type OrganizationSettings } from "~/modules/admin/settings.server";
import { AdminBreadcrumb, SelectField } from "~/modules/admin/ui/parts";
import { notFound, requirePermission } from "~/modules/auth/guards.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { textColorOn } from "~/utils/color";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export const links: LinksFunction = () => [...richTextLinks()];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "admin.organization.edit");
  const [settings, identity] = await Promise.all([getOrganizationSettings(sql, context.org.id), loadIdentityForm(sql, context.org.id)]);
  if (!settings) notFound();
  return { title: getT(context.locale)("admin:settings.title"), orgName: context.org.name, settings, identity };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // A blocked admin changes no setting.
  const user = await requireAct(context, request, "admin.organization.edit");
  const t = getT(context.locale);
  const formData = await request.formData();
  // Three forms on the page: the general settings, the maps' (intent "map"), the identity's (with files).
  if (formData.get("intent") === "identity") {
    const saved = await saveTownIdentityForm(sql, { organizationId: context.org.id, actorId: user.id, formData, tooLarge: new Set() });
    if (!saved.ok) return data({ form: "identity" as const, reply: null, notice: null, identityErrors: saved.errors }, { status: 400 });
    return data({ form: "identity" as const, reply: null, notice: t("admin:identity.saved"), identityErrors: null });
  }
  const isMap = formData.get("intent") === "map";
  const submission = isMap
    ? parseWithZod(formData, { schema: MapSettingsSchema })
    : parseWithZod(formData, { schema: OrganizationSettingsSchema });
  const form = isMap ? ("map" as const) : ("general" as const);
  if (submission.status !== "success") {
    return data({ form, reply: submission.reply(), notice: null, identityErrors: null }, { status: 400 });
  }
  let settings: Partial<OrganizationSettings>;
  if ("intent" in submission.value) {
    const { intent: _intent, ...map } = submission.value;
    settings = map;
  } else {
    settings = submission.value;
  }
  // Saves, audits `organization.update` and forgets the cached organization (see the module).
  const result = await updateOrganizationSettings(sql, { organizationId: context.org.id, actorId: user.id, settings });
  if (!result) notFound();
  const notice = result.changed.length > 0 ? t("admin:settings.saved") : t("admin:settings.unchanged");
  return data({ form, reply: submission.reply(), notice, identityErrors: null });
}

/** A number as typed in a text field of this language: "2,3522" in French. */
function decimalText(value: number, language: string): string {
  return language === "fr" ? String(value).replace(".", ",") : String(value);
}

/** A number in the schema, typed in a text input (Field takes text fields). */
function asTextField<T>(meta: FieldMetadata<T>) {
  return meta as unknown as FieldMetadata<string | undefined>;
}

export default function AdminSettings() {
  const { orgName, settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation(["common", "admin"]);
  const [form, fields] = useForm({
    id: "organization-settings",
    lastResult: actionData?.form === "general" ? (actionData.reply ?? undefined) : undefined,
    defaultValue: {
      name: settings.name,
      defaultLocale: settings.defaultLocale,
      primaryColor: settings.primaryColor,
      reportThreshold: String(settings.reportThreshold),
    },
    constraint: getZodConstraint(OrganizationSettingsSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganizationSettingsSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="page--narrow stack">
      <AdminBreadcrumb current={t("admin:settings.title")} />
      <h1>{t("admin:settings.title")}</h1>
      <p>{t("admin:settings.intro", { org: orgName })}</p>
      <div role="status">{actionData?.form === "general" && actionData.notice ? <p className="notice">{actionData.notice}</p> : null}</div>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="settings-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <Field meta={fields.name} type="text" label={t("admin:settings.name")} hint={t("admin:settings.nameHint")} required />
        <SelectField
          meta={fields.defaultLocale}
          label={t("admin:settings.defaultLocale")}
          hint={t("admin:settings.defaultLocaleHint")}
          required
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </SelectField>
        <Field
          meta={fields.primaryColor}
          type="text"
          label={t("admin:settings.primaryColor")}
          hint={t("admin:settings.primaryColorHint")}
          required
          inputProps={{ spellCheck: false, autoComplete: "off", maxLength: 7 }}
        />
        <figure className="stack" style={{ margin: 0 }}>
          <figcaption>{t("admin:settings.preview")}</figcaption>
          <p
            style={{
              background: settings.primaryColor,
              color: textColorOn(settings.primaryColor),
              padding: "0.75rem 1rem",
              borderRadius: "0.375rem",
              margin: 0,
              fontWeight: 600,
            }}
          >
            {t("admin:settings.previewText")} ({settings.primaryColor})
          </p>
        </figure>
        <Field
          meta={asTextField(fields.reportThreshold)}
          type="text"
          label={t("admin:settings.reportThreshold")}
          hint={t("admin:settings.reportThresholdHint")}
          required
          inputProps={{ inputMode: "numeric", pattern: "[0-9]*", autoComplete: "off", maxLength: 3 }}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("actions.save")}
          </button>
        </div>
      </Form>
      <MapSettingsForm settings={settings} />
      <IdentityForm />
    </div>
  );
}

function MapSettingsForm({ settings }: { settings: OrganizationSettings }) {
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["common", "admin"]);
  const [form, fields] = useForm({
    id: "map-settings",
    lastResult: actionData?.form === "map" ? (actionData.reply ?? undefined) : undefined,
    defaultValue: {
      mapStyleUrl: settings.mapStyleUrl ?? "",
      mapCenterLng: decimalText(settings.mapCenterLng, i18n.language),
      mapCenterLat: decimalText(settings.mapCenterLat, i18n.language),
      mapZoom: decimalText(settings.mapZoom, i18n.language),
    },
    constraint: getZodConstraint(MapSettingsSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MapSettingsSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="stack" aria-labelledby="settings-map-title">
      <h2 id="settings-map-title">{t("admin:settings.mapTitle")}</h2>
      <p>{t("admin:settings.mapIntro")}</p>
      <div role="status">{actionData?.form === "map" && actionData.notice ? <p className="notice">{actionData.notice}</p> : null}</div>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="map-settings-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <input type="hidden" name="intent" value="map" />
        <Field
          meta={asTextField(fields.mapStyleUrl)}
          type="text"
          label={t("admin:settings.mapStyleUrl")}
          // The example URL is one long word: let it wrap at 360 px.
          hint={<span style={{ overflowWrap: "anywhere" }}>{t("admin:settings.mapStyleUrlHint")}</span>}
          inputProps={{ inputMode: "url", spellCheck: false, autoComplete: "off", maxLength: MAP_STYLE_URL_MAX }}
        />
        <Field
          meta={asTextField(fields.mapCenterLng)}
          type="text"
          label={t("admin:settings.mapCenterLng")}
          hint={t("admin:settings.mapCenterLngHint")}
          required
          inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 24 }}
        />
        <Field
          meta={asTextField(fields.mapCenterLat)}
          type="text"
          label={t("admin:settings.mapCenterLat")}
          hint={t("admin:settings.mapCenterLatHint")}
          required
          inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 24 }}
        />
        <Field
          meta={asTextField(fields.mapZoom)}
          type="text"
          label={t("admin:settings.mapZoom")}
          hint={t("admin:settings.mapZoomHint")}
          required
          inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 24 }}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("admin:settings.mapSubmit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** The town's identity: what every page shows (logo, footer links) and the home page (banner, welcome). */
function IdentityForm() {
  const { identity } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation(["common", "admin"]);
  const errorText = useErrorText();
  const errors = actionData?.form === "identity" ? (actionData.identityErrors ?? {}) : {};
  const count = Object.values(errors).reduce((n, list) => n + (list?.length ?? 0), 0);
  const fieldError = (field: keyof typeof errors, id: string) =>
    errors[field]?.length ? (
      <p className="field__error" id={`${id}-error`}>
        {errors[field]!.map((e) => errorText(e)).join(" ")}
      </p>
    ) : null;
  const described = (field: keyof typeof errors, id: string, hint = true) =>
    [hint ? `${id}-hint` : null, errors[field]?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const rows = Array.from({ length: MAX_FOOTER_LINKS }, (_, i) => identity.footerLinks[i] ?? { label: "", href: "" });
  return (
    <section className="stack" aria-labelledby="settings-identity-title">
      <h2 id="settings-identity-title">{t("admin:identity.title")}</h2>
      <p>{t("admin:identity.intro")}</p>
      <div role="status">{actionData?.form === "identity" && actionData.notice ? <p className="notice">{actionData.notice}</p> : null}</div>
      <Form method="post" encType="multipart/form-data" className="form" id="identity-settings" noValidate>
        {count > 0 ? (
          <div className="form-errors" role="alert" tabIndex={-1} id="identity-errors">
            <h3>{t("form.errorsTitle", { count })}</h3>
            <ul>
              {Object.entries(errors).flatMap(([field, list]) => (list ?? []).map((e, i) => <li key={`${field}-${i}`}>{errorText(e)}</li>))}
            </ul>
          </div>
        ) : null}
        <input type="hidden" name="intent" value="identity" />
        <fieldset className="identity-fieldset">
          <legend>{t("admin:identity.logoLegend")}</legend>
          {identity.logoPath ? (
            <p className="identity-current">
              <img src={identity.logoPath} alt={t("admin:identity.currentLogo")} className="identity-current__logo" />
            </p>
          ) : (
            <p>{t("admin:identity.noLogo")}</p>
          )}
          <div className="field">
            <label htmlFor="identity-logo">{t("admin:identity.logo")}</label>
            <p className="field__hint" id="identity-logo-hint">
              {t("admin:identity.logoHint")}
            </p>
            <input
              id="identity-logo"
              name="logo"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              aria-describedby={described("logo", "identity-logo")}
              aria-invalid={errors.logo?.length ? true : undefined}
            />
            {fieldError("logo", "identity-logo")}
          </div>
          {identity.logoPath ? (
            <div className="field field--checkbox">
              <input id="identity-remove-logo" name="removeLogo" type="checkbox" />
              <label htmlFor="identity-remove-logo">{t("admin:identity.removeLogo")}</label>
            </div>
          ) : null}
        </fieldset>
        <fieldset className="identity-fieldset">
          <legend>{t("admin:identity.bannerLegend")}</legend>
          {identity.banner ? (
            <p className="identity-current">
              <img src={identity.banner.src} alt={identity.banner.alt} className="identity-current__banner" />
            </p>
          ) : (
            <p>{t("admin:identity.noBanner")}</p>
          )}
          <div className="field">
            <label htmlFor="identity-banner">{t("admin:identity.banner")}</label>
            <p className="field__hint" id="identity-banner-hint">
              {t("admin:identity.bannerHint")}
            </p>
            <input
              id="identity-banner"
              name="banner"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              aria-describedby={described("banner", "identity-banner")}
              aria-invalid={errors.banner?.length ? true : undefined}
            />
            {fieldError("banner", "identity-banner")}
          </div>
          <div className="field">
            <label htmlFor="identity-banner-alt">{t("admin:identity.bannerAlt")}</label>
            <p className="field__hint" id="identity-banner-alt-hint">
              {t("admin:identity.bannerAltHint")}
            </p>
            <input
              id="identity-banner-alt"
              name="bannerAlt"
              type="text"
              maxLength={300}
              defaultValue={identity.bannerAlt}
              aria-describedby={described("bannerAlt", "identity-banner-alt")}
              aria-invalid={errors.bannerAlt?.length ? true : undefined}
            />
            {fieldError("bannerAlt", "identity-banner-alt")}
          </div>
          {identity.banner ? (
            <div className="field field--checkbox">
              <input id="identity-remove-banner" name="removeBanner" type="checkbox" />
              <label htmlFor="identity-remove-banner">{t("admin:identity.removeBanner")}</label>
            </div>
          ) : null}
        </fieldset>
        <RichTextField
          name="welcome"
          id="identity-welcome"
          label={t("admin:identity.welcome")}
          hint={t("admin:identity.welcomeHint")}
          profile="basic"
          defaultValue={identity.welcome}
          errors={errors.welcome ?? null}
        />
        <fieldset className="identity-fieldset">
          <legend>{t("admin:identity.linksLegend")}</legend>
          <p id="identity-links-hint">{t("admin:identity.linksHint")}</p>
          {fieldError("footerLinks", "identity-links")}
          {rows.map((link, i) => (
            <fieldset key={i} className="identity-link">
              <legend>{t("admin:identity.linkLegend", { n: String(i + 1) })}</legend>
              <div className="field">
                <label htmlFor={`identity-link-${i}-label`}>{t("admin:identity.linkLabel")}</label>
                <input id={`identity-link-${i}-label`} name={`footerLinks[${i}].label`} type="text" maxLength={80} defaultValue={link.label} />
              </div>
              <div className="field">
                <label htmlFor={`identity-link-${i}-href`}>{t("admin:identity.linkHref")}</label>
                <input
                  id={`identity-link-${i}-href`}
                  name={`footerLinks[${i}].href`}
                  type="text"
                  inputMode="url"
                  spellCheck={false}
                  maxLength={2048}
                  defaultValue={link.href}
                />
              </div>
            </fieldset>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            {t("admin:identity.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
