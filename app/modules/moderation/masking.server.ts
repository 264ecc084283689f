// Notifications keep the titles they were written with; what they name may be hidden by
// moderation, deleted or unpublished since. At read time each notification's items are looked up
// (from its stored path, the one reference every row has) and, when the reader may no longer see
// one of them, its title is replaced by "contenu masqué" before anything leaves the server.
// Mails already sent cannot change.
import type { SessionUser } from "~/modules/auth/session.server";
import type { NotificationItem } from "~/modules/notifications/inbox.server";
import type { NotificationKind } from "~/modules/notifications/kinds";
import { can } from "~/modules/permissions/permissions";
import type { Db } from "~/utils/db.server";

/** The value of each kind's sentence that names the item. */
const TITLE_KEY: Record<NotificationKind, string> = {
  proposal_answered: "proposalTitle",
  comment_reply: "targetTitle",
  project_phase: "projectTitle",
  content_hidden: "contentTitle",
};

export type PathRefs = { slug: string; type: "proposal" | "debate" | null; id: number | null; commentId: number | null };

/** What a notification's path points at: `/projects/<slug>[/proposals|debates/<id>][?…][#comment-<id>]`. */
export function refsOfPath(path: string | undefined): PathRefs | null {
  // Only this site's own paths: `//elsewhere/projects/…` would parse as one.
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return null;
  let url: URL;
  try {
    url = new URL(path, "http://site.invalid");
  } catch {
    return null;
  }
  const m = /^\/projects\/([^/]+)(?:\/(proposals|debates)\/([1-9][0-9]{0,15}))?\/?$/.exec(url.pathname);
  if (!m) return null;
  const comment = /^#comment-([1-9][0-9]{0,15})$/.exec(url.hash);
  let slug: string;
  try {
    slug = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  return {
    slug,
    type: m[2] === "proposals" ? "proposal" : m[2] === "debates" ? "debate" : null,
    id: m[3] ? Number(m[3]) : null,
    commentId: comment ? Number(comment[1]) : null,
  };
}

type States = {
  projects: Map<string, { draft: boolean }>;
  proposals: Map<number, { hidden: boolean }>;
  debates: Map<number, { hidden: boolean }>;
  comments: Map<number, { hidden: boolean; deleted: boolean }>;
};

/** The current state of every item the notifications name: four queries at most, whatever the page. */
async function loadStates(db: Db, organizationId: number, refs: PathRefs[]): Promise<States> {
  const unique = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v != null))];
  const slugs = unique(refs.map((r) => r.slug));
  const proposalIds = unique(refs.map((r) => (r.type === "proposal" ? r.id : null)));
  const debateIds = unique(refs.map((r) => (r.type === "debate" ? r.id : null)));
  const commentIds = unique(refs.map((r) => r.commentId));
  const [projects, proposals, debates, comments] = await Promise.all([
    slugs.length ? db`select slug, status from projects where organization_id = ${organizationId} and slug in ${db(slugs)}` : [],
    proposalIds.length ? db`select id, hidden_at from proposals where organization_id = ${organizationId} and id in ${db(proposalIds)}` : [],
    debateIds.length ? db`select id, hidden_at from debates where organization_id = ${organizationId} and id in ${db(debateIds)}` : [],
    commentIds.length ? db`select id, hidden_at, deleted_at from comments where organization_id = ${organizationId} and id in ${db(commentIds)}` : [],
  ]);
  return {
    projects: new Map(projects.map((r) => [String(r.slug), { draft: r.status === "draft" }])),
    proposals: new Map(proposals.map((r) => [Number(r.id), { hidden: r.hidden_at != null }])),
    debates: new Map(debates.map((r) => [Number(r.id), { hidden: r.hidden_at != null }])),
    comments: new Map(comments.map((r) => [Number(r.id), { hidden: r.hidden_at != null, deleted: r.deleted_at != null }])),
  };
}

export type Reader = { seesHidden: boolean; seesDrafts: boolean };

/** Moderators (and admins) see what moderation hid; those who manage projects see drafts. */
export function readerOf(user: SessionUser, organizationId: number): Reader {
  return {
    seesHidden: can(user, "moderation.access", { organizationId }),
    seesDrafts: can(user, "project.manage", { organizationId }),
  };
}

/**
 * Whether the reader may no longer see what the notification names. A "content hidden" notice is
 * about the hiding itself, told to the author: it keeps its title while hidden, and loses it only
 * once the item is gone (a deleted comment's text is erased everywhere).
 */
export function isMasked(kind: NotificationKind, refs: PathRefs | null, states: States, reader: Reader): boolean {
  // A path this app did not write names nothing we can check: left as it is.
  if (!refs) return false;
  const hiddenCounts = kind !== "content_hidden" && !reader.seesHidden;
  // Projects, proposals and debates are never deleted: a path that finds none names nothing to check.
  const project = states.projects.get(refs.slug);
  if (project?.draft && !reader.seesDrafts) return true;
  if (refs.type && refs.id != null) {
    const item = (refs.type === "proposal" ? states.proposals : states.debates).get(refs.id);
    if (item?.hidden && hiddenCounts) return true;
  }
  // A comment's row goes when its author deletes it (and nothing else removes it): gone means deleted.
  if (refs.commentId != null) {
    const comment = states.comments.get(refs.commentId);
    if (!comment || comment.deleted || (comment.hidden && hiddenCounts)) return true;
  }
  return false;
}

/** The notifications with the title of anything the reader may no longer see replaced by `label`. */
export async function maskUnseen(db: Db, organizationId: number, reader: Reader, items: NotificationItem[], label: string): Promise<NotificationItem[]> {
  const refs = items.map((n) => refsOfPath(n.data.path));
  const states = await loadStates(
    db,
    organizationId,
    refs.filter((r): r is PathRefs => r != null),
  );
  return items.map((n, i) => {
    const key = TITLE_KEY[n.kind];
    if (!(key in n.data) || !isMasked(n.kind, refs[i] ?? null, states, reader)) return n;
    return { ...n, data: { ...n.data, [key]: label } };
  });
}
