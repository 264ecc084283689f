// /account/notifications: for each kind of notification, whether it appears in the bell and
// whether it comes by e-mail. (account_ keeps this page out of the account page's layout.)
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/guards.server";
import { NOTIFICATION_KINDS } from "~/modules/notifications/kinds";
import { settingsFromForm } from "~/modules/notifications/settings-form";
import { getNotificationSettings, saveNotificationSettings } from "~/modules/notifications/inbox.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const settings = await getNotificationSettings(sql, context.org.id, user.id);
  if (!settings) throw redirect("/login");
  return { title: getT(context.locale)("notifications:settings.title"), settings };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const formData = await request.formData();
  if (formData.get("intent") !== "save") throw data({ reason: "errors.invalid" }, { status: 400 });
  const settings = settingsFromForm(formData);
  if (!(await saveNotificationSettings(sql, context.org.id, user.id, settings))) throw redirect("/login");
  return { notice: getT(context.locale)("notifications:settings.saved"), settings };
}

export default function NotificationSettingsPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "notifications"]);
  const settings = actionData?.settings ?? loaded.settings;
  return (
    <div className="page--narrow stack">
      <nav aria-label={t("notifications:settings.breadcrumb")} className="admin-breadcrumb">
        <p>
          <Link to="/account">{t("nav.account")}</Link>
          <span aria-hidden="true"> › </span>
          <span aria-current="page">{t("notifications:settings.title")}</span>
        </p>
      </nav>
      <h1>{t("notifications:settings.title")}</h1>
      <p>{t("notifications:settings.intro")}</p>
      <div role="status">{actionData?.notice ? <p className="notice">{actionData.notice}</p> : null}</div>
      <Form method="post" className="form" id="notification-settings">
        <input type="hidden" name="intent" value="save" />
        {NOTIFICATION_KINDS.map((kind) => (
          <fieldset key={kind} className="field notification-settings__kind">
            <legend>{t(`notifications:settings.kinds.${kind}`)}</legend>
            <div className="field field--checkbox">
              <input type="checkbox" id={`${kind}-inApp`} name={`${kind}.inApp`} defaultChecked={settings[kind].inApp} />
              <label htmlFor={`${kind}-inApp`}>{t("notifications:settings.inApp")}</label>
            </div>
            <div className="field field--checkbox">
              <input type="checkbox" id={`${kind}-email`} name={`${kind}.email`} defaultChecked={settings[kind].email} />
              <label htmlFor={`${kind}-email`}>{t("notifications:settings.email")}</label>
            </div>
          </fieldset>
        ))}
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("actions.save")}
          </button>
        </div>
      </Form>
      <p>
        <Link to="/notifications">{t("notifications:settings.toList")}</Link>
      </p>
    </div>
  );
}
