// /projects/:slug: the project layout. Title, theme, status, current phase, the follow button
// (POST here) and the tabs; the tabs render in the outlet. A draft is a 404 except for those who
// manage projects, who see it with a "brouillon" notice.
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Outlet, useActionData, useLoaderData, useMatches, useRouteLoaderData } from "@remix-run/react";
import { getT } from "~/i18n/i18n.server";
import { notFound } from "~/modules/auth/guards.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { can } from "~/modules/permissions/permissions";
import { setFollow } from "~/modules/projects/commands.server";
import { loadProjectHeader } from "~/modules/projects/queries.server";
import { projectOfRequest } from "~/modules/projects/request.server";
import { FollowSchema } from "~/modules/projects/schema";
import { FollowControl, ProjectTabs, ProjectTitle, type FollowReply } from "~/modules/projects/ui/ProjectHeader";
import { headerView } from "~/modules/projects/view";
import projectStyles from "~/modules/projects/ui/projects.css";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { skipAfterContentSubmission } from "~/utils/revalidation";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.project.title);

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const viewer = context.auth?.user ?? null;
  // Shared with the tab's loader, which runs in the same request.
  const header = await projectOfRequest(context, request, String(params.slug ?? ""));
  if (!header) notFound();
  return {
    project: headerView(header, context.locale),
    canManage: can(viewer, "project.manage", { organizationId: context.org.id }),
    loggedIn: Boolean(viewer),
  };
}

/** A support, a comment or a report changes nothing this loader returns. */
export const shouldRevalidate = skipAfterContentSubmission;

/** Follow / unfollow (any logged-in member of the organization not blocked, on a project they may see). */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireAct(context, request, "contribution.create");
  const t = getT(context.locale);
  const submission = parseWithZod(await request.formData(), { schema: FollowSchema });
  const header = await loadProjectHeader(sql, context.org.id, { slug: String(params.slug ?? "") }, user, { counts: false });
  if (!header) notFound();
  if (submission.status !== "success") {
    return data<FollowReply>({ ok: false, following: false, followersCount: 0, message: t("errors.invalid") }, { status: 400 });
  }
  const follow = submission.value.intent === "follow";
  const result = await setFollow(sql, context.actor, { projectId: header.id, follow });
  return data<FollowReply>({
    ok: true,
    following: result.following,
    followersCount: result.followersCount,
    message: t(follow ? "projects:page.followed" : "projects:page.unfollowed"),
  });
}

/** The layout's data, for the tabs (proposals, debates) that need the project's header. */
export function useProjectLayoutData() {
  return useRouteLoaderData<typeof loader>("routes/_public+/projects.$slug");
}

export default function ProjectLayout() {
  const { project, canManage, loggedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The presentation tab shows the whole header; the sub-pages (lists, a proposal, a debate) a
  // compact one, so that their own content starts near the top of a phone's screen.
  const presentation = useMatches().at(-1)?.id === "routes/_public+/projects.$slug._index";
  return (
    <div className="stack">
      <ProjectTitle project={project} canManage={canManage} compact={!presentation} />
      {presentation ? <FollowControl project={project} loggedIn={loggedIn} pageReply={actionData ?? null} /> : null}
      <ProjectTabs project={project} />
      <Outlet />
    </div>
  );
}
