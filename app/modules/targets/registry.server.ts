// The registry of participation targets: the kinds of things people comment on, report, hide,
// search or audit (projects, proposals, debates, comments...). Each kind registers ONCE, here or
// from a test: its table, where it is shown, which columns hold its author, title and state, and
// what can be done to it. Comments, moderation (reports, decisions, queue, masked notifications)
// and the audit log read the registry instead of switching on a type, so a new kind is one
// registration, its table and one row of `target_kinds` (the database's guard, migration 00014).
//
// Every statement names the organization; table and column names come from registrations (code,
// never a request), and go through postgres.js's identifier escaping.
import type { Db } from "~/utils/db.server";
import { BUILT_IN_TARGET_KINDS } from "./kinds.server";
import { TARGET_KIND_PATTERN, targetKey, type TargetRef } from "./types";

export type TargetKindSpec = {
  /** Stored in `target_type` columns; also a row of `target_kinds`. */
  kind: string;
  table: string;
  /** The column naming the item's project ("id" for projects themselves). */
  projectColumn: string;
  /** null: nobody authored it in the participation sense (nobody may report it). */
  authorColumn: string | null;
  /** What names it; `titleOf` shortens it when it is a text (a comment's start). */
  titleColumn: string;
  titleOf?: (raw: string) => string;
  /**
   * Whether its title names it in lists (audit log, moderation queue): false for a comment,
   * whose "title" is the start of its words.
   */
  titled: boolean;
  /** Plain text moderators read (else the title). */
  textColumn?: string;
  /** Timestamp columns: moderation's hiding, its author's deletion, a debate's closing. null: never. */
  hiddenColumn: string | null;
  deletedColumn: string | null;
  closedColumn?: string | null;
  /**
   * Where it is shown: its own page `/projects/<slug>/<segment>/<id>` (segment null: the project's
   * page itself), or inside the page of the item it belongs to (`parent`'s columns name it), at
   * `at(parentPath, id)`, which ends in `#<anchor>-<id>`.
   */
  page:
    | { segment: string | null }
    | { parent: { typeColumn: string; idColumn: string }; anchor: string; at: (parentPath: string, id: number) => string };
  commentable: boolean;
  reportable: boolean;
  /**
   * Its comments counter: kept by the comment commands in their transaction, or by a database
   * trigger (a project's own comments, migration 00007). null: not commentable.
   */
  commentsCount: { column: string; keptBy: "commands" | "trigger" } | null;
};

export type TargetKind = Readonly<TargetKindSpec>;

/** A target as the acts on it need it: where it lives, who wrote it, its state, its title. */
export type TargetState = TargetRef & {
  organizationId: number;
  projectId: number;
  projectSlug: string;
  projectTitle: string;
  projectStatus: string;
  /** null for kinds without an author (projects). */
  authorId: number | null;
  hidden: boolean;
  deleted: boolean;
  closed: boolean;
  /** Plain text, its title or the start of its words. */
  title: string;
  /** The page that shows it, in this organization's site. */
  path: string;
  /** The item it belongs to (a comment's proposal...), for kinds shown inside another's page. */
  parent: TargetRef | null;
  /** The start of its plain text, when asked for (`textLength`). */
  text: string | null;
};

const KINDS = new Map<string, TargetKind>();

/** Registers a kind; a name or table used twice is a programming error. */
export function registerTargetKind(spec: TargetKindSpec): TargetKind {
  if (!TARGET_KIND_PATTERN.test(spec.kind)) throw new Error(`target kind name ${JSON.stringify(spec.kind)} is not well-formed`);
  if (KINDS.has(spec.kind)) throw new Error(`target kind ${spec.kind} is already registered`);
  if (spec.reportable && (spec.authorColumn == null || spec.hiddenColumn == null)) {
    throw new Error(`target kind ${spec.kind}: what is reported has an author and can be hidden`);
  }
  if (spec.commentable !== (spec.commentsCount != null)) throw new Error(`target kind ${spec.kind}: a commentable kind counts its comments`);
  const kind = Object.freeze({ ...spec });
  KINDS.set(kind.kind, kind);
  return kind;
}

for (const spec of BUILT_IN_TARGET_KINDS) registerTargetKind(spec);

export function targetKind(type: string): TargetKind | null {
  return KINDS.get(type) ?? null;
}

export function targetKinds(): TargetKind[] {
  return [...KINDS.values()];
}

/** Whether `type` names a kind that allows `act` (comment on it, report it). */
export function allowsAct(type: string, act: "comment" | "report"): boolean {
  const kind = KINDS.get(type);
  return kind != null && (act === "comment" ? kind.commentable : kind.reportable);
}

/** The page of a kind's item, from its project's slug (and its parent, for kinds shown inside another's page). */
export function targetPath(kind: TargetKind, projectSlug: string, id: number, parent: TargetRef | null): string {
  const base = `/projects/${projectSlug}`;
  if ("segment" in kind.page) return kind.page.segment == null ? base : `${base}/${kind.page.segment}/${id}`;
  const parentKind = parent ? KINDS.get(parent.type) : undefined;
  const parentPath = parentKind && parent ? targetPath(parentKind, projectSlug, parent.id, null) : base;
  return kind.page.at(parentPath, id);
}

const isSafeId = (id: unknown): id is number => typeof id === "number" && Number.isSafeInteger(id) && id > 0;

/** One statement for a kind's items: their state, joined to their project, in the organization. */
async function selectStates(
  db: Db,
  kind: TargetKind,
  organizationId: number,
  ids: number[],
  options: { lock?: boolean; textLength?: number },
): Promise<TargetState[]> {
  const column = (name: string) => db(`t.${name}`);
  const set = (name: string | null | undefined) => (name ? db`${column(name)} is not null` : db`false`);
  const parentCols = "parent" in kind.page ? kind.page.parent : null;
  const textColumn = kind.textColumn ?? kind.titleColumn;
  const rows = await db`
    select t.id, pr.id as project_id, pr.slug as project_slug, pr.title as project_title, pr.status as project_status,
           ${kind.authorColumn ? column(kind.authorColumn) : db`null::bigint`} as author_id,
           ${column(kind.titleColumn)}::text as title,
           ${options.textLength ? db`left(${column(textColumn)}::text, ${options.textLength})` : db`null::text`} as text,
           ${set(kind.hiddenColumn)} as hidden, ${set(kind.deletedColumn)} as deleted, ${set(kind.closedColumn)} as closed,
           ${parentCols ? column(parentCols.typeColumn) : db`null::text`} as parent_type,
           ${parentCols ? column(parentCols.idColumn) : db`null::bigint`} as parent_id
    from ${db(kind.table)} t
    join projects pr on pr.id = ${column(kind.projectColumn)} and pr.organization_id = t.organization_id
    where t.organization_id = ${organizationId} and t.id = any(${ids}::bigint[])
    ${options.lock ? db`for update of t` : db``}`;
  return rows.map((row) => {
    const id = Number(row.id);
    const parent = row.parent_type == null ? null : { type: String(row.parent_type), id: Number(row.parent_id) };
    const raw = String(row.title ?? "");
    return {
      type: kind.kind,
      id,
      organizationId,
      projectId: Number(row.project_id),
      projectSlug: String(row.project_slug),
      projectTitle: String(row.project_title),
      projectStatus: String(row.project_status),
      authorId: row.author_id == null ? null : Number(row.author_id),
      hidden: Boolean(row.hidden),
      deleted: Boolean(row.deleted),
      closed: Boolean(row.closed),
      title: kind.titleOf ? kind.titleOf(raw) : raw,
      path: targetPath(kind, String(row.project_slug), id, parent),
      parent,
      text: row.text == null ? null : String(row.text),
    };
  });
}

/**
 * One target of this organization, or null (unknown kind, another organization's, gone). `lock`
 * takes its row lock, so that reports and decisions on one item run one after the other.
 */
export async function loadTarget(
  db: Db,
  organizationId: number,
  ref: TargetRef,
  options: { lock?: boolean; textLength?: number } = {},
): Promise<TargetState | null> {
  const kind = KINDS.get(ref.type);
  if (!kind || !isSafeId(ref.id)) return null;
  const [state] = await selectStates(db, kind, organizationId, [ref.id], options);
  return state ?? null;
}

/** Many targets at once, keyed by targetKey: one statement per kind present, whatever the page. */
export async function loadTargets(
  db: Db,
  organizationId: number,
  refs: TargetRef[],
  options: { textLength?: number } = {},
): Promise<Map<string, TargetState>> {
  const byKind = new Map<TargetKind, Set<number>>();
  for (const ref of refs) {
    const kind = KINDS.get(ref.type);
    if (!kind || !isSafeId(ref.id)) continue;
    byKind.set(kind, (byKind.get(kind) ?? new Set()).add(ref.id));
  }
  const lists = await Promise.all([...byKind].map(([kind, ids]) => selectStates(db, kind, organizationId, [...ids], options)));
  return new Map(lists.flat().map((state) => [targetKey(state), state]));
}

/** Sets (keeping the first time) or clears the target's hidden mark, inside its organization. */
export async function setTargetHidden(db: Db, target: TargetRef & { organizationId: number }, hidden: boolean): Promise<void> {
  const kind = KINDS.get(target.type);
  if (!kind?.hiddenColumn) throw new Error(`target kind ${target.type} cannot be hidden`);
  const col = db(kind.hiddenColumn);
  await db`
    update ${db(kind.table)} set ${col} = ${hidden ? db`coalesce(${col}, now())` : db`null`}
    where id = ${target.id} and organization_id = ${target.organizationId}`;
}

/** A comment posted (+1) or deleted (-1): the target's counter, unless a trigger keeps it. */
export async function bumpCommentsCount(db: Db, target: TargetRef & { organizationId: number }, delta: 1 | -1): Promise<void> {
  const counter = KINDS.get(target.type)?.commentsCount;
  if (!counter || counter.keptBy !== "commands") return;
  const col = db(counter.column);
  await db`
    update ${db(KINDS.get(target.type)!.table)} set ${col} = greatest(${col} + ${delta}, 0)
    where id = ${target.id} and organization_id = ${target.organizationId}`;
}

/** The target's comments counter (comments not deleted, all levels), 0 when it has none. */
export async function commentsCountOf(db: Db, organizationId: number, target: TargetRef): Promise<number> {
  const kind = KINDS.get(target.type);
  if (!kind?.commentsCount) return 0;
  const [row] = await db`
    select ${db(kind.commentsCount.column)} as count from ${db(kind.table)}
    where id = ${target.id} and organization_id = ${organizationId}`;
  return Number(row?.count ?? 0);
}

/**
 * The statement listing (type, id) of what a member wrote in every reportable kind, for the
 * erasure of what others wrote about it (account deletion).
 */
export function authoredBy(db: Db, organizationId: number, userId: number) {
  const parts = targetKinds()
    .filter((kind) => kind.reportable && kind.authorColumn)
    .map((kind) => db`select ${kind.kind}::text as type, id from ${db(kind.table)} where ${db(kind.authorColumn!)} = ${userId} and organization_id = ${organizationId}`);
  return parts.reduce((all, part) => db`${all} union all ${part}`);
}

/** What one of this site's paths names: `/projects/<slug>[/<segment>/<id>][?…][#<anchor>-<id>]`. */
export type PathRefs = { slug: string; page: TargetRef | null; anchored: TargetRef | null };

/** The targets a path of this site names (notifications store paths), or null for any other path. */
export function refsOfPath(path: string | undefined): PathRefs | null {
  // Only this site's own paths: `//elsewhere/projects/…` would parse as one.
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return null;
  let url: URL;
  try {
    url = new URL(path, "http://site.invalid");
  } catch {
    return null;
  }
  const m = /^\/projects\/([^/]+)(?:\/([a-z][a-z_-]{0,30})\/([1-9][0-9]{0,15}))?\/?$/.exec(url.pathname);
  if (!m) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  const kinds = targetKinds();
  let page: TargetRef | null = null;
  if (m[2]) {
    const kind = kinds.find((k) => "segment" in k.page && k.page.segment === m[2]);
    if (!kind) return null;
    page = { type: kind.kind, id: Number(m[3]) };
  }
  const a = /^#([a-z][a-z_]{0,30})-([1-9][0-9]{0,15})$/.exec(url.hash);
  const anchorKind = a ? kinds.find((k) => "anchor" in k.page && k.page.anchor === a[1]) : undefined;
  return { slug, page, anchored: anchorKind && a ? { type: anchorKind.kind, id: Number(a[2]) } : null };
}
