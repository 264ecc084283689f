// Notifications keep the titles they were written with; what they name may be hidden by
// moderation, deleted or unpublished since. At read time each notification's items are looked up
// (from its stored path, the one reference every row has) and, when the reader may no longer see
// one of them, its title is replaced by "contenu masqué" before anything leaves the server.
// Mails already sent cannot change.
import type { SessionUser } from "~/modules/auth/session.server";
import type { NotificationItem } from "~/modules/notifications/inbox.server";
import type { ShownKind } from "~/modules/notifications/kinds";
import { actorOf, type Actor } from "~/modules/auth/actor";
import { loadTargets, refsOfPath, type PathRefs, type TargetState } from "~/modules/targets/registry.server";
import { targetKey, type TargetRef } from "~/modules/targets/types";
import { decideSee } from "~/modules/targets/visibility";
import type { Db } from "~/utils/db.server";

/** The value of each kind's sentence that names the item. */
const TITLE_KEY: Record<ShownKind, string> = {
  proposal_answered: "proposalTitle",
  comment_reply: "targetTitle",
  project_phase: "projectTitle",
  content_hidden: "contentTitle",
  consultation_extended: "consultationTitle",
  consultation_results: "consultationTitle",
  content_restored: "contentTitle",
  // Its path is the admin page of the statement, which names no item: never masked.
  accessibility_report: "page",
};

export { refsOfPath, type PathRefs };

type States = {
  projects: Map<string, { draft: boolean }>;
  /** The targets the paths name, whatever their kind, by targetKey. */
  targets: Map<string, TargetState>;
};

/** The current state of every item the notifications name: one statement per kind at most, whatever the page. */
async function loadStates(db: Db, organizationId: number, refs: PathRefs[]): Promise<States> {
  const slugs = [...new Set(refs.map((r) => r.slug))];
  const targetRefs = refs.flatMap((r) => [r.page, r.anchored].filter((t): t is TargetRef => t != null));
  const [projects, targets] = await Promise.all([
    slugs.length ? db`select slug, status from projects where organization_id = ${organizationId} and slug in ${db(slugs)}` : [],
    loadTargets(db, organizationId, targetRefs),
  ]);
  return { projects: new Map(projects.map((r) => [String(r.slug), { draft: r.status === "draft" }])), targets };
}

/** Who reads the notifications: the one visibility rule (targets/visibility.ts) decides for them. */
export type Reader = Actor;

export function readerOf(user: SessionUser, organizationId: number): Reader {
  return actorOf(organizationId, user);
}

/**
 * Whether the reader may no longer see what the notification names. A "content hidden" notice is
 * about the hiding itself, told to the author: it keeps its title while hidden, and loses it only
 * once the item is gone (a deleted comment's text is erased everywhere).
 */
export function isMasked(kind: ShownKind, refs: PathRefs | null, states: States, reader: Reader): boolean {
  // A path this app did not write names nothing we can check: left as it is.
  if (!refs) return false;
  const projectStatus = states.projects.get(refs.slug)?.draft ? "draft" : "published";
  const sees = (item: TargetState) =>
    decideSee(reader, { authorId: item.authorId, hidden: item.hidden && kind !== "content_hidden", deleted: item.deleted, projectStatus }).allowed;
  if (!decideSee(reader, { authorId: null, hidden: false, projectStatus }).allowed) return true;
  // The page's own item (a proposal, a debate): one that is not found names nothing to check.
  const page = refs.page ? states.targets.get(targetKey(refs.page)) : undefined;
  if (page && !sees(page)) return true;
  // The item the path points at inside the page (a comment): its row goes when its author
  // deletes it (and nothing else removes it), so gone means deleted.
  if (refs.anchored) {
    const anchored = states.targets.get(targetKey(refs.anchored));
    if (!anchored || !sees(anchored)) return true;
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
