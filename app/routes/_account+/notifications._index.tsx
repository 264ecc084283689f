// /notifications: the member's notifications, newest first. Opening one marks it read and goes
// to what it is about; "mark all as read" empties the bell.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Bell } from "lucide-react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/EmptyState";
import { z } from "zod";
import { notificationText } from "~/components/notifications/text";
import { getT } from "~/i18n/i18n.server";
import { formatMoment } from "~/utils/dates";
import { DateTime, Pagination } from "~/modules/admin/ui/parts";
import { notFound, requireUser } from "~/modules/auth/guards.server";
import { maskUnseen, readerOf } from "~/modules/moderation/masking.server";
import { listNotifications, markAllRead, openNotification } from "~/modules/notifications/inbox.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { safeRedirectPath } from "~/utils/redirect";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const PageParam = z.coerce.number().int().min(1).max(100_000).catch(1);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const page = PageParam.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  const list = await listNotifications(sql, context.org.id, user.id, page);
  const t = getT(context.locale);
  // Titles of what was hidden, deleted or unpublished since are replaced here, before the page's data leaves.
  const items = await maskUnseen(sql, context.org.id, readerOf(user, context.org.id), list.items, t("moderation:masked"));
  return {
    title: t("notifications:page.title"),
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    items: items.map((n) => ({ ...n, createdAt: formatMoment(n.createdAt, context.locale, true) })),
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.object({ intent: z.literal("readAll") }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const formData = await request.formData();
  const parsed = ActionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw data({ reason: "errors.invalid" }, { status: 400 });
  if (parsed.data.intent === "open") {
    const opened = await openNotification(sql, context.org.id, user.id, parsed.data.id);
    if (!opened) notFound();
    throw redirect(safeRedirectPath(opened.path, "/notifications"));
  }
  const count = await markAllRead(sql, context.org.id, user.id);
  return { notice: getT(context.locale)("notifications:page.allRead", { count }) };
}

export default function NotificationsPage() {
  const { page, pageCount, total, items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "notifications"]);
  const unread = items.some((n) => !n.read);
  return (
    <div className="stack page--narrow">
      <h1>{t("notifications:page.title")}</h1>
      <p>
        {t("notifications:page.intro")} <Link to="/account/notifications">{t("notifications:page.settingsLink")}</Link>
      </p>
      <div role="status">{actionData?.notice ? <p className="notice">{actionData.notice}</p> : null}</div>
      {total === 0 ? (
        <EmptyState
          icon={Bell}
          title={t("notifications:page.empty")}
          action={
            <Link to="/" className="button button--secondary">
              {t("notifications:page.emptyAction")}
            </Link>
          }
        >
          {t("notifications:page.emptyText")}
        </EmptyState>
      ) : (
        <>
          {unread ? (
            <Form method="post">
              <input type="hidden" name="intent" value="readAll" />
              <button type="submit" className="button button--secondary" disabled={navigation.state === "submitting"}>
                {t("notifications:page.markAllRead")}
              </button>
            </Form>
          ) : null}
          <ol className="notification-list">
            {items.map((n) => (
              <li key={n.id} className={n.read ? "notification" : "notification notification--unread"}>
                <Form method="post" className="notification__form">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={n.id} />
                  {n.read ? null : <span className="notification__badge">{t("notifications:page.unread")}</span>}
                  <button type="submit" className="link-button notification__text">
                    {notificationText(t, n.kind, n.data)}
                  </button>
                  {n.superseded ? <span className="notification__superseded">{t("notifications:page.superseded")}</span> : null}
                  <span className="notification__date">
                    <DateTime value={n.createdAt} />
                  </span>
                </Form>
              </li>
            ))}
          </ol>
          <Pagination label={t("notifications:page.pagination")} page={page} pageCount={pageCount} hrefFor={(p) => `/notifications?page=${p}`} />
        </>
      )}
    </div>
  );
}
