// /admin/members: the organization's members, searchable and paginated; admins change roles here.
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { formatMoment } from "~/utils/dates";
import { changeMemberRole, listMembers } from "~/modules/admin/members.server";
import { ChangeRoleSchema, MemberFiltersSchema } from "~/modules/admin/schema";
import { AdminBreadcrumb, DateTime, Pagination } from "~/modules/admin/ui/parts";
import { forbidden, requirePermission } from "~/modules/auth/guards.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { ROLES } from "~/modules/permissions/permissions";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "admin.members.view");
  const url = new URL(request.url);
  const filters = MemberFiltersSchema.parse({
    q: url.searchParams.get("q") ?? undefined,
    role: url.searchParams.get("role") || undefined,
    page: url.searchParams.get("page") ?? undefined,
  });
  const result = await listMembers(sql, context.org.id, filters);
  return {
    title: getT(context.locale)("admin:members.title"),
    orgName: context.org.name,
    currentUserId: user.id,
    filters: { q: filters.q, role: filters.role ?? "" },
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
    members: result.members.map((m) => ({ ...m, joinedAt: formatMoment(m.joinedAt, context.locale) })),
  };
}

type ActionResult = { ok: boolean; message: string };

export async function action({ request, context }: ActionFunctionArgs) {
  // Non-admins, and blocked admins, stop here, whatever they post.
  await requireAct(context, request, "admin.members.view");
  const t = getT(context.locale);
  const submission = parseWithZod(await request.formData(), { schema: ChangeRoleSchema });
  if (submission.status !== "success") {
    return data<ActionResult>({ ok: false, message: t("errors.invalid") }, { status: 400 });
  }
  const { userId, role } = submission.value;
  const actor = context.auth!.user;
  if (userId === actor.id) return data<ActionResult>({ ok: false, message: t("admin:members.self") }, { status: 400 });
  requirePermission(context, request, "admin.members.changeRole", { userId });
  const result = await changeMemberRole(sql, { actor, organizationId: context.org.id, userId, role });
  if (!result.ok) {
    switch (result.error) {
      case "not_found":
        return data<ActionResult>({ ok: false, message: t("admin:members.notFound") }, { status: 404 });
      case "self":
        return data<ActionResult>({ ok: false, message: t("admin:members.self") }, { status: 400 });
      case "last_admin":
        return data<ActionResult>({ ok: false, message: t("admin:members.lastAdmin") }, { status: 409 });
      case "forbidden":
        // The actor's admin role was taken away while the request ran.
        forbidden("status.forbiddenText", { action: "admin.members.changeRole" });
    }
  }
  const roleName = t(`admin:roles.${result.to}`);
  const message = result.changed
    ? t("admin:members.changed", { name: result.name, role: roleName })
    : t("admin:members.unchanged", { name: result.name, role: roleName });
  return data<ActionResult>({ ok: true, message });
}

export default function AdminMembers() {
  const { orgName, currentUserId, filters, total, page, pageCount, members } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation(["common", "admin"]);
  const hrefFor = (p: number) => {
    const params = new URLSearchParams();
    if (filters.q) params.set("q", filters.q);
    if (filters.role) params.set("role", filters.role);
    if (p > 1) params.set("page", String(p));
    const qs = params.toString();
    return qs ? `/admin/members?${qs}` : "/admin/members";
  };
  // After each answer, the selects show the roles as saved (a refused change is undone).
  const formKey = actionData ? actionData.message : "";
  return (
    <div className="stack">
      <AdminBreadcrumb current={t("admin:members.title")} />
      <h1>{t("admin:members.title")}</h1>
      <p>{t("admin:members.intro", { org: orgName })}</p>

      <section aria-labelledby="members-search">
        <h2 id="members-search">{t("admin:members.searchTitle")}</h2>
        <Form method="get" role="search" aria-labelledby="members-search" className="inline-form">
          <div className="field">
            <label htmlFor="members-q">{t("admin:members.search")}</label>
            <input id="members-q" type="text" name="q" defaultValue={filters.q} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="members-role">{t("admin:members.role")}</label>
            <select id="members-role" name="role" defaultValue={filters.role}>
              <option value="">{t("admin:members.allRoles")}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`admin:roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t("admin:members.searchSubmit")}
          </button>
          {filters.q || filters.role ? <Link to="/admin/members">{t("admin:members.clearFilters")}</Link> : null}
        </Form>
      </section>

      <div role="status">{actionData?.ok ? <p className="notice">{actionData.message}</p> : null}</div>
      {actionData && !actionData.ok ? (
        <p role="alert" className="notice notice--error">
          {actionData.message}
        </p>
      ) : null}

      <p>{t("admin:members.found", { count: total })}</p>
      {members.length === 0 ? (
        <p>{t("admin:members.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("admin:members.caption", { org: orgName, page: String(page), pages: String(pageCount) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin:members.colName")}</th>
                <th scope="col">{t("admin:members.colEmail")}</th>
                <th scope="col">{t("admin:members.colRole")}</th>
                <th scope="col">{t("admin:members.colConfirmed")}</th>
                <th scope="col">{t("admin:members.colJoined")}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.name}
                    {m.id === currentUserId ? ` ${t("admin:members.you")}` : null}
                  </th>
                  <td>{m.email}</td>
                  <td>
                    {m.id === currentUserId ? (
                      t(`admin:roles.${m.role}`)
                    ) : (
                      <Form method="post" className="inline-form" preventScrollReset key={`${m.id}-${m.role}-${formKey}`}>
                        <input type="hidden" name="userId" value={m.id} />
                        <label htmlFor={`role-${m.id}`} className="visually-hidden">
                          {t("admin:members.roleOf", { name: m.name })}
                        </label>
                        <select id={`role-${m.id}`} name="role" defaultValue={m.role}>
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t(`admin:roles.${r}`)}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button--secondary">
                          {t("admin:members.changeRole")}
                          <span className="visually-hidden">{t("admin:members.changeRoleOf", { name: m.name })}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                  <td>{m.confirmed ? t("admin:members.yes") : t("admin:members.no")}</td>
                  <td>
                    <DateTime value={m.joinedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination label={t("admin:members.pagination")} page={page} pageCount={pageCount} hrefFor={hrefFor} />
    </div>
  );
}
