// Writing projects: create and edit (with cover, documents and phases), publish, archive, follow.
// Each act is one transaction with its audit entry; a refused value names its form field and
// leaves nothing written.
import type { Actor } from "~/modules/auth/actor";
import { actsAs, auditedBy } from "~/modules/auth/member-actor";
import { isLocale, type Locale } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { recordEvent } from "~/modules/events/outbox.server";
import type { ParsedLocation } from "~/modules/maps/geometry";
import { notify } from "~/modules/notifications/notify.server";
import type { RichText } from "~/modules/richtext/richtext.server";
import { storeImage, storePdf, UploadRejected } from "~/modules/uploads/uploads.server";
import type { Db, Sql } from "~/utils/db.server";
import { currentPhase, PHASE_KINDS, type Phase, type PhaseKind, type ProjectKind, type ProjectStatus } from "./phases";
import { loadPhases, todayInParis } from "./queries.server";
import { freeSlug, slugify } from "./slug";

export type UploadedFile = { data: Buffer; name: string };

export type ProjectInput = {
  title: string;
  /** null: made from the title. */
  slug: string | null;
  summary: string;
  body: RichText;
  kind: ProjectKind;
  location: ParsedLocation | null;
  phases: Phase[];
  /** A new cover image, replacing the current one. */
  cover: UploadedFile | null;
  coverAlt: string | null;
  removeCover: boolean;
  /** A new document to attach, with its title. */
  document: UploadedFile | null;
  documentTitle: string | null;
  removeDocumentIds: number[];
};

/** A refused value: the form field it belongs to and an i18n key (with its values). */
export type FieldProblem = { field: string; message: string; params?: Record<string, string | number> };

export class FieldRejected extends Error {
  constructor(public readonly problem: FieldProblem) {
    super(`${problem.field}: ${problem.message}`);
  }
}

export type SaveResult = { ok: true; id: number; slug: string } | { ok: false; notFound: true } | { ok: false; problem: FieldProblem };

type ExistingProject = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  body_text: string;
  kind: string;
  status: ProjectStatus;
  location: unknown;
  cover_upload_id: string | null;
  cover_alt: string | null;
};

/** Images of a project's body must be this organization's uploads. */
function checkBodyImages(node: unknown, organizationId: number) {
  if (!node || typeof node !== "object") return;
  const n = node as { type?: string; attrs?: { src?: unknown }; content?: unknown[] };
  if (n.type === "image" && (typeof n.attrs?.src !== "string" || !n.attrs.src.startsWith(`/uploads/${organizationId}/`))) {
    throw new FieldRejected({ field: "body", message: "richtext.unsafeImage" });
  }
  if (Array.isArray(n.content)) for (const child of n.content) checkBodyImages(child, organizationId);
}

/** The checks that need no database, before any file is processed. */
function checkInput(values: ProjectInput, existing: ExistingProject | null, organizationId: number) {
  checkBodyImages(values.body.json, organizationId);
  const keepsCover = Boolean(values.cover) || (Boolean(existing?.cover_upload_id) && !values.removeCover);
  if (keepsCover && !values.coverAlt) throw new FieldRejected({ field: "coverAlt", message: "projects:errors.coverAltRequired" });
  if (values.document && !values.documentTitle) {
    throw new FieldRejected({ field: "documentTitle", message: "projects:errors.documentTitleRequired" });
  }
  if (!values.document && values.documentTitle) throw new FieldRejected({ field: "document", message: "projects:errors.documentFileRequired" });
}

async function chooseSlug(tx: Db, organizationId: number, values: ProjectInput, projectId: number | null): Promise<string> {
  if (values.slug) {
    const [taken] = await tx`
      select 1 from projects where organization_id = ${organizationId} and slug = ${values.slug} and id <> ${projectId ?? 0}`;
    if (taken) throw new FieldRejected({ field: "slug", message: "projects:errors.slugTaken" });
    return values.slug;
  }
  const base = slugify(values.title) || "projet";
  const rows = await tx`
    select slug from projects
    where organization_id = ${organizationId} and id <> ${projectId ?? 0}
      and (slug = ${base} or slug like ${`${base.slice(0, 70)}-%`})`;
  return freeSlug(base, new Set(rows.map((r) => String(r.slug))));
}

async function storeFile<T>(field: string, store: () => Promise<T>): Promise<T> {
  try {
    return await store();
  } catch (error) {
    if (error instanceof UploadRejected) throw new FieldRejected({ field, message: error.code, params: error.params });
    throw error;
  }
}

function isSlugConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint_name?: string };
  return e?.code === "23505" && e.constraint_name === "projects_organization_id_slug_key";
}

/** Creates (projectId null) or edits a project of the organization. */
export async function saveProject(
  sql: Sql,
  actor: Actor,
  input: { projectId: number | null; values: ProjectInput },
): Promise<SaveResult> {
  const { organizationId } = actsAs(actor);
  const { actorId } = auditedBy(actor);
  const { values } = input;
  try {
    return (await sql.begin(async (tx) => {
      const db = tx as unknown as Db;
      let existing: ExistingProject | null = null;
      if (input.projectId !== null) {
        const [row] = await db`
          select id, slug, title, summary, body_text, kind, status, location, cover_upload_id, cover_alt
          from projects where id = ${input.projectId} and organization_id = ${organizationId} for update`;
        if (!row) return { ok: false, notFound: true } as const;
        existing = { ...(row as unknown as ExistingProject), id: Number(row.id) };
      }
      checkInput(values, existing, organizationId);
      const slug = await chooseSlug(db, organizationId, values, existing?.id ?? null);

      let coverUploadId: number | null = existing?.cover_upload_id ? Number(existing.cover_upload_id) : null;
      if (values.cover) {
        const cover = values.cover;
        const image = await storeFile("cover", () =>
          storeImage(db, { organizationId, uploaderId: actorId, data: cover.data, originalName: cover.name }),
        );
        coverUploadId = image.id;
      } else if (values.removeCover) {
        coverUploadId = null;
      }
      const coverAlt = coverUploadId ? values.coverAlt : null;

      let document: { uploadId: number; pages: number } | null = null;
      if (values.document) {
        const file = values.document;
        const stored = await storeFile("document", () =>
          storePdf(db, { organizationId, uploaderId: actorId, data: file.data, originalName: file.name }),
        );
        document = { uploadId: stored.id, pages: stored.pages };
      }

      const location = values.location ? db.json(values.location.geometry as never) : null;
      const [lng, lat] = values.location?.center ?? [null, null];
      let projectId: number;
      if (!existing) {
        const [row] = await db`
          insert into projects (organization_id, slug, title, summary, body, body_html, body_text, kind, location,
                                center_lng, center_lat, cover_upload_id, cover_alt, created_by)
          values (${organizationId}, ${slug}, ${values.title}, ${values.summary}, ${db.json(values.body.json as never)},
                  ${values.body.html}, ${values.body.text}, ${values.kind}, ${location}, ${lng}, ${lat},
                  ${coverUploadId}, ${coverAlt}, ${actorId})
          returning id`;
        projectId = Number(row!.id);
      } else {
        projectId = existing.id;
        await db`
          update projects set
            slug = ${slug}, title = ${values.title}, summary = ${values.summary}, body = ${db.json(values.body.json as never)},
            body_html = ${values.body.html}, body_text = ${values.body.text}, kind = ${values.kind},
            location = ${location}, center_lng = ${lng}, center_lat = ${lat},
            cover_upload_id = ${coverUploadId}, cover_alt = ${coverAlt}, updated_at = now()
          where id = ${projectId} and organization_id = ${organizationId}`;
      }

      const phasesChanged = await writePhases(db, organizationId, projectId, values.phases);

      let removedDocuments = 0;
      if (values.removeDocumentIds.length > 0) {
        const removed = await db`
          delete from project_documents
          where project_id = ${projectId} and organization_id = ${organizationId} and id = any(${values.removeDocumentIds}::bigint[])
          returning id`;
        removedDocuments = removed.length;
      }
      if (document) {
        await db`
          insert into project_documents (organization_id, project_id, upload_id, title, position, page_count)
          values (${organizationId}, ${projectId}, ${document.uploadId}, ${values.documentTitle!}, (
            select coalesce(max(position), 0) + 1 from project_documents where project_id = ${projectId} and organization_id = ${organizationId}
          ), ${document.pages})`;
      }

      const changed = existing
        ? [
            existing.title !== values.title && "title",
            existing.slug !== slug && "slug",
            existing.summary !== values.summary && "summary",
            existing.body_text !== values.body.text && "body",
            existing.kind !== values.kind && "kind",
            JSON.stringify(existing.location ?? null) !== JSON.stringify(values.location?.geometry ?? null) && "location",
            (values.cover || Number(existing.cover_upload_id ?? 0) !== (coverUploadId ?? 0)) && "cover",
            existing.cover_alt !== coverAlt && "coverAlt",
            phasesChanged && "phases",
            (document || removedDocuments > 0) && "documents",
          ].filter((x): x is string => Boolean(x))
        : [];
      await recordAudit(db, {
        organizationId,
        actorId,
        action: existing ? "project.update" : "project.create",
        subjectType: "project",
        subjectId: projectId,
        data: existing ? { slug, title: values.title, changed } : { slug, title: values.title, kind: values.kind },
      });
      await recordEvent(db, {
        type: "project.updated",
        organizationId,
        projectId,
        payload: { change: existing ? "updated" : "created" },
      });
      return { ok: true, id: projectId, slug } as const;
    })) as SaveResult;
  } catch (error) {
    if (error instanceof FieldRejected) return { ok: false, problem: error.problem };
    if (isSlugConflict(error)) return { ok: false, problem: { field: "slug", message: "projects:errors.slugTaken" } };
    throw error;
  }
}

/**
 * Writes the project's phases in place (so that a phase keeps its id and its announcement), and
 * forgets the announcement of a phase moved into the future. Returns whether anything changed.
 */
async function writePhases(db: Db, organizationId: number, projectId: number, phases: Phase[]): Promise<boolean> {
  const before = await loadPhases(db, projectId);
  const kinds = phases.map((p) => p.kind);
  const removed = await db`
    delete from project_phases
    where project_id = ${projectId} and organization_id = ${organizationId} and not (kind = any(${kinds}::text[]))
    returning id`;
  for (const phase of phases) {
    const [row] = await db`
      insert into project_phases (organization_id, project_id, kind, starts_on, ends_on)
      values (${organizationId}, ${projectId}, ${phase.kind}, ${phase.startsOn}, ${phase.endsOn})
      on conflict (project_id, kind) do update set starts_on = excluded.starts_on, ends_on = excluded.ends_on
      returning id, starts_on > (now() at time zone 'Europe/Paris')::date as upcoming`;
    if (row!.upcoming) await db`delete from phase_announcements where phase_id = ${row!.id}`;
  }
  const key = (list: Phase[]) =>
    JSON.stringify([...list].sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind)).map((p) => [p.kind, p.startsOn, p.endsOn]));
  return removed.length > 0 || key(before) !== key(phases);
}

export type StatusChangeResult = { ok: true } | { ok: false; error: "notFound" | "invalidState" | "noPhases" };

/**
 * Publishes a draft (or an archived project again). Phases already started are announced now,
 * once: their announcement rows are written, and the followers hear of the running one.
 */
export async function publishProject(
  sql: Sql,
  actor: Actor,
  input: { projectId: number; origin: string },
): Promise<StatusChangeResult> {
  const { organizationId } = actsAs(actor);
  const { actorId } = auditedBy(actor);
  const { projectId } = input;
  return (await sql.begin(async (tx) => {
    const db = tx as unknown as Db;
    const [project] = await db`
      select id, slug, title, status from projects where id = ${projectId} and organization_id = ${organizationId} for update`;
    if (!project) return { ok: false, error: "notFound" } as const;
    if (project.status === "published") return { ok: false, error: "invalidState" } as const;
    const phases = await loadPhases(db, projectId);
    if (phases.length === 0) return { ok: false, error: "noPhases" } as const;
    const from = String(project.status);
    await db`
      update projects set status = 'published', published_at = coalesce(published_at, now()), archived_at = null, updated_at = now()
      where id = ${projectId} and organization_id = ${organizationId}`;
    await recordAudit(db, {
      organizationId,
      actorId,
      action: "project.publish",
      subjectType: "project",
      subjectId: projectId,
      data: { slug: String(project.slug), title: String(project.title), from },
    });
    await recordEvent(db, { type: "project.updated", organizationId, projectId, payload: { change: "published" } });
    await announceProjectPhases(db, {
      organizationId,
      project: { id: projectId, slug: String(project.slug), title: String(project.title) },
      origin: input.origin,
    });
    return { ok: true } as const;
  })) as StatusChangeResult;
}

export async function archiveProject(
  sql: Sql,
  actor: Actor,
  input: { projectId: number },
): Promise<StatusChangeResult> {
  const { organizationId } = actsAs(actor);
  const { actorId } = auditedBy(actor);
  const { projectId } = input;
  return (await sql.begin(async (tx) => {
    const db = tx as unknown as Db;
    const [project] = await db`
      select id, slug, title, status from projects where id = ${projectId} and organization_id = ${organizationId} for update`;
    if (!project) return { ok: false, error: "notFound" } as const;
    if (project.status !== "published") return { ok: false, error: "invalidState" } as const;
    await db`
      update projects set status = 'archived', archived_at = now(), updated_at = now()
      where id = ${projectId} and organization_id = ${organizationId}`;
    await recordAudit(db, {
      organizationId,
      actorId,
      action: "project.archive",
      subjectType: "project",
      subjectId: projectId,
      data: { slug: String(project.slug), title: String(project.title) },
    });
    await recordEvent(db, { type: "project.updated", organizationId, projectId, payload: { change: "archived" } });
    return { ok: true } as const;
  })) as StatusChangeResult;
}

/**
 * Marks the started phases of one published project as announced (once, whatever the number of
 * instances: the insert that wins returns the row) and tells its followers about the running phase
 * if it is among those just announced. Returns how many followers were notified.
 */
export async function announceProjectPhases(
  db: Db,
  input: { organizationId: number; project: { id: number; slug: string; title: string }; origin: string },
): Promise<{ announced: number; notified: number }> {
  const { organizationId, project } = input;
  const inserted = await db`
    insert into phase_announcements (phase_id)
    select id from project_phases
    where project_id = ${project.id} and organization_id = ${organizationId}
      and starts_on <= (now() at time zone 'Europe/Paris')::date
    on conflict (phase_id) do nothing
    returning phase_id`;
  if (inserted.length === 0) return { announced: 0, notified: 0 };
  const rows = await db`
    select id, kind, to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on
    from project_phases where project_id = ${project.id} and organization_id = ${organizationId}`;
  const phases = rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as PhaseKind,
    startsOn: String(r.starts_on),
    endsOn: (r.ends_on as string | null) ?? null,
  }));
  const running = currentPhase(phases, await todayInParis(db)) as (Phase & { id: number }) | null;
  const fresh = new Set(inserted.map((r) => Number(r.phase_id)));
  if (!running || !fresh.has(running.id)) return { announced: inserted.length, notified: 0 };
  const followers = await db`
    select f.user_id, coalesce(u.locale, o.default_locale) as locale
    from follows f
    join users u on u.id = f.user_id and u.organization_id = f.organization_id
    join organizations o on o.id = f.organization_id
    where f.project_id = ${project.id} and f.organization_id = ${organizationId} and u.deleted_at is null
    order by f.user_id`;
  for (const follower of followers) {
    const locale: Locale = isLocale(follower.locale) ? follower.locale : "fr";
    await notify(db, {
      organizationId,
      userId: Number(follower.user_id),
      kind: "project_phase",
      data: {
        path: `/projects/${project.slug}`,
        projectTitle: project.title,
        phase: getT(locale)(`projects:phases.${running.kind}`),
        phaseKind: running.kind,
      },
      origin: input.origin,
    });
  }
  return { announced: inserted.length, notified: followers.length };
}

/** Follows or stops following a visible project; returns the new state and count. */
export async function setFollow(
  db: Db,
  actor: Actor,
  input: { projectId: number; follow: boolean },
): Promise<{ following: boolean; followersCount: number }> {
  const { organizationId, userId } = actsAs(actor);
  const { projectId } = input;
  if (input.follow) {
    await db`
      insert into follows (organization_id, user_id, project_id) values (${organizationId}, ${userId}, ${projectId})
      on conflict (project_id, user_id) do nothing`;
  } else {
    await db`delete from follows where project_id = ${projectId} and user_id = ${userId} and organization_id = ${organizationId}`;
  }
  const [row] = await db`select followers_count as count from projects where id = ${projectId} and organization_id = ${organizationId}`;
  return { following: input.follow, followersCount: Number(row?.count ?? 0) };
}
