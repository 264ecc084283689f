// The officials' area through its loaders and actions: who may enter, create and edit with files,
// slugs, rich text and phases checked, publish and archive audited, other organizations unseen.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/modules/permissions/permissions";
import { createTestProject, dayFromToday } from "~/modules/projects/testing.server";
import { LocalStorage, setStorageForTests } from "~/modules/uploads/storage.server";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, type RouteFn, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import * as editRoute from "./manage.projects.$id._index";
import * as previewRoute from "./manage.projects.$id.preview";
import * as listRoute from "./manage.projects._index";
import * as newRoute from "./manage.projects.new";
import * as manageIndex from "./manage._index";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let dir: string;
let orgA: Org;
let orgB: Org;
let officialA: User;
let adminA: User;
let officialB: User;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-manage-"));
  setStorageForTests(new LocalStorage(dir));
  orgA = await createTestOrganization({ name: "Ville A" });
  orgB = await createTestOrganization({ name: "Ville B" });
  officialA = await createTestUser(orgA.id, { role: "official", name: "Élise Élue" });
  adminA = await createTestUser(orgA.id, { role: "admin" });
  officialB = await createTestUser(orgB.id, { role: "official" });
});
afterAll(async () => {
  setStorageForTests(undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

type Fields = Record<string, string | string[] | File>;

function multipart(pathname: string, fields: Fields) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return new Request(`http://localhost${pathname}`, { method: "POST", body });
}

type FormReply = { kind: "form"; result: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> } };
function replyOf(result: unknown): FormReply["result"] {
  return ((result as { data: FormReply }).data as FormReply).result;
}

const doc = (...content: unknown[]) => JSON.stringify({ type: "doc", content });
const para = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

function validForm(overrides: Fields = {}): Fields {
  return {
    intent: "save",
    title: "Réaménagement de la place du Marché",
    slug: "",
    summary: "Une place plus verte, plus calme.",
    body: doc({ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Contexte" }] }, para("La place est trop minérale.")),
    bodyFormat: "json",
    kind: "urban",
    "phases.information.startsOn": "2026-01-05",
    "phases.information.endsOn": "2026-01-31",
    "phases.co_construction.startsOn": "2026-02-01",
    "phases.co_construction.endsOn": "2026-03-15",
    ...overrides,
  };
}

async function countProjects(org: Org) {
  const [row] = await sql`select count(*)::int as n from projects where organization_id = ${org.id}`;
  return Number(row!.n);
}

async function createThroughForm(user: User, org: Org, fields: Fields) {
  const result = await callRoute(newRoute.action as RouteFn, { org, user, request: multipart("/manage/projects/new", fields) });
  expect(statusOf(result)).toBe(302);
  const location = (result as Response).headers.get("Location")!;
  const id = Number(/\/manage\/projects\/(\d+)\?notice=created$/.exec(location)?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

const png = (width = 900, height = 500) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 110, b: 70 } } }).png().toBuffer();

async function pdf(pages: number) {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage();
  return Buffer.from(await doc.save());
}

describe("who may enter the officials' area", () => {
  it.each(["citizen", "aidant", "moderator"] as Role[])("answers 403 to a %s on every page and action, and writes nothing", async (role) => {
    const user = await createTestUser(orgA.id, { role });
    const project = await createTestProject(orgA.id, officialA.id, { status: "draft" });
    const params = { id: String(project.id) };
    const before = await countProjects(orgA);
    const results = [
      await callRoute(manageIndex.loader as RouteFn, { org: orgA, user, path: "/manage" }),
      await callRoute(listRoute.loader as RouteFn, { org: orgA, user, path: "/manage/projects" }),
      await callRoute(newRoute.loader as RouteFn, { org: orgA, user, path: "/manage/projects/new" }),
      await callRoute(newRoute.action as RouteFn, { org: orgA, user, request: multipart("/manage/projects/new", validForm()) }),
      await callRoute(editRoute.loader as RouteFn, { org: orgA, user, path: `/manage/projects/${project.id}`, params }),
      await callRoute(editRoute.action as RouteFn, { org: orgA, user, request: multipart(`/manage/projects/${project.id}`, validForm({ title: "Changé" })), params }),
      await callRoute(editRoute.action as RouteFn, { org: orgA, user, path: `/manage/projects/${project.id}`, form: { intent: "publish" }, params }),
      await callRoute(previewRoute.loader as RouteFn, { org: orgA, user, path: `/manage/projects/${project.id}/preview`, params }),
    ];
    for (const result of results) expect(statusOf(result)).toBe(403);
    expect(await countProjects(orgA)).toBe(before);
    const [row] = await sql`select title, status from projects where id = ${project.id}`;
    expect(row).toMatchObject({ title: project.title, status: "draft" });
  });

  it("sends an anonymous visitor to the login page", async () => {
    const result = await callRoute(listRoute.loader as RouteFn, { org: orgA, user: null, path: "/manage/projects" });
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fmanage%2Fprojects");
  });

  it("lets officials and admins in, and lists only the organization's projects, drafts included", async () => {
    const mine = await createTestProject(orgA.id, officialA.id, { status: "draft", title: "Brouillon de la Ville A" });
    const theirs = await createTestProject(orgB.id, officialB.id, { title: "Projet de la Ville B" });
    for (const user of [officialA, adminA]) {
      const result = (await callRoute(listRoute.loader as RouteFn, { org: orgA, user, path: "/manage/projects" })) as {
        projects: { id: number; status: string }[];
      };
      const ids = result.projects.map((p) => p.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
    }
  });

  it("answers 404 to an admin of A for a project of B, and changes nothing", async () => {
    const theirs = await createTestProject(orgB.id, officialB.id, { status: "draft", title: "Projet secret de B" });
    const params = { id: String(theirs.id) };
    expect(statusOf(await callRoute(editRoute.loader as RouteFn, { org: orgA, user: adminA, path: `/manage/projects/${theirs.id}`, params }))).toBe(404);
    expect(statusOf(await callRoute(previewRoute.loader as RouteFn, { org: orgA, user: adminA, path: `/manage/projects/${theirs.id}/preview`, params }))).toBe(404);
    expect(
      statusOf(await callRoute(editRoute.action as RouteFn, { org: orgA, user: adminA, request: multipart(`/manage/projects/${theirs.id}`, validForm({ title: "Volé" })), params })),
    ).toBe(404);
    expect(
      statusOf(
        await callRoute(editRoute.action as RouteFn, { org: orgA, user: adminA, path: `/manage/projects/${theirs.id}`, form: { intent: "publish" }, params }),
      ),
    ).toBe(404);
    const [row] = await sql`select title, status from projects where id = ${theirs.id}`;
    expect(row).toMatchObject({ title: "Projet secret de B", status: "draft" });
    expect(await sql`select 1 from audit_log where subject_type = 'project' and subject_id = ${String(theirs.id)}`).toHaveLength(0);
  });

  it("answers 404 to an unknown or malformed id", async () => {
    for (const id of ["999999999", "abc", "0"]) {
      expect(statusOf(await callRoute(editRoute.loader as RouteFn, { org: orgA, user: officialA, path: `/manage/projects/${id}`, params: { id } }))).toBe(404);
    }
  });
});

describe("creating and editing a project", () => {
  it("creates a draft from the form: slug from the title, rich body rendered, phases, audit entry", async () => {
    const id = await createThroughForm(officialA, orgA, validForm());
    const [row] = await sql`select slug, title, status, body_html, body_text, kind, created_by from projects where id = ${id}`;
    expect(row).toMatchObject({ slug: "reamenagement-de-la-place-du-marche", status: "draft", kind: "urban", created_by: String(officialA.id) });
    expect(row!.body_html).toBe("<h2>Contexte</h2><p>La place est trop minérale.</p>");
    const phases = await sql`select kind, to_char(starts_on, 'YYYY-MM-DD') as s from project_phases where project_id = ${id} order by starts_on`;
    expect(phases.map((p) => [p.kind, p.s])).toEqual([
      ["information", "2026-01-05"],
      ["co_construction", "2026-02-01"],
    ]);
    const [audit] = await sql`select actor_id, action, data from audit_log where subject_type = 'project' and subject_id = ${String(id)}`;
    expect(audit).toMatchObject({ actor_id: String(officialA.id), action: "project.create", data: { slug: "reamenagement-de-la-place-du-marche" } });
  });

  it("makes slugs unique per organization, and refuses a taken slug typed by hand", async () => {
    const title = "Nouvelle médiathèque";
    const first = await createThroughForm(officialA, orgA, validForm({ title }));
    const second = await createThroughForm(officialA, orgA, validForm({ title }));
    const slugs = await sql`select id, slug from projects where id in (${first}, ${second}) order by id`;
    expect(slugs.map((r) => r.slug)).toEqual(["nouvelle-mediatheque", "nouvelle-mediatheque-2"]);
    // The same slug in another organization is free.
    const other = await createThroughForm(officialB, orgB, validForm({ title, slug: "nouvelle-mediatheque" }));
    expect((await sql`select slug from projects where id = ${other}`)[0]!.slug).toBe("nouvelle-mediatheque");
    // Typed by hand and taken: an error next to the field, nothing written.
    const before = await countProjects(orgA);
    const result = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", validForm({ title, slug: "nouvelle-mediatheque" })) });
    expect(statusOf(result)).toBe(400);
    expect(replyOf(result).error?.slug).toEqual(["projects:errors.slugTaken"]);
    expect(replyOf(result).initialValue?.title).toBe(title);
    expect(await countProjects(orgA)).toBe(before);
  });

  it("refuses a malformed slug with the field's message", async () => {
    const result = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", validForm({ slug: "Place du Marché" })) });
    expect(statusOf(result)).toBe(400);
    expect(replyOf(result).error?.slug).toEqual(["projects:errors.slugFormat"]);
  });

  it("refuses unsafe or empty rich text next to the body, keeps the values and writes nothing", async () => {
    const before = await countProjects(orgA);
    const uploadsBefore = (await sql`select count(*)::int as n from uploads where organization_id = ${orgA.id}`)[0]!.n;
    const cases: [string, string][] = [
      [doc({ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }), "richtext.unsafeLink"],
      [doc({ type: "script", content: [] }), "richtext.notAllowed"],
      [doc({ type: "image", attrs: { src: "https://evil.example/x.png", alt: "x" } }), "richtext.unsafeImage"],
      [doc({ type: "image", attrs: { src: `/uploads/${orgB.id}/abc-800.webp`, alt: "x" } }), "richtext.unsafeImage"],
      [doc({ type: "paragraph" }), "richtext.empty"],
      ["{not json", "richtext.invalid"],
    ];
    for (const [body, error] of cases) {
      const cover = new File([await png()], "cover.png", { type: "image/png" });
      const result = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", validForm({ body, cover, coverAlt: "La place vue du ciel" })) });
      expect(statusOf(result)).toBe(400);
      expect(replyOf(result).error?.body).toEqual([error]);
      expect(replyOf(result).initialValue?.title).toBe("Réaménagement de la place du Marché");
    }
    const emptyTextarea = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", validForm({ body: "  \n ", bodyFormat: "plain" })) });
    expect(replyOf(emptyTextarea).error?.body).toEqual(["richtext.empty"]);
    expect(await countProjects(orgA)).toBe(before);
    expect((await sql`select count(*)::int as n from uploads where organization_id = ${orgA.id}`)[0]!.n).toBe(uploadsBefore);
  });

  it("turns a textarea's plain text (no JavaScript) into paragraphs", async () => {
    const id = await createThroughForm(officialA, orgA, validForm({ body: "Premier paragraphe.\n\nSecond <b>paragraphe</b>.", bodyFormat: "plain" }));
    const [row] = await sql`select body_html from projects where id = ${id}`;
    expect(row!.body_html).toBe("<p>Premier paragraphe.</p><p>Second &lt;b&gt;paragraphe&lt;/b&gt;.</p>");
  });

  it("checks the phases: order, overlaps, end before start, real dates", async () => {
    const cases: [Fields, string, string][] = [
      [{ "phases.co_construction.startsOn": "2026-01-20" }, "phases", "projects:errors.phasesOverlap"],
      [{ "phases.vote.startsOn": "2026-05-10", "phases.vote.endsOn": "2026-05-01" }, "phases.vote.endsOn", "projects:errors.phaseEndsBeforeStart"],
      [{ "phases.results.endsOn": "2026-07-01" }, "phases.results.startsOn", "projects:errors.phaseStartRequired"],
      [{ "phases.vote.startsOn": "2026-02-30" }, "phases.vote.startsOn", "projects:errors.date"],
    ];
    for (const [overrides, field, message] of cases) {
      const result = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", validForm(overrides)) });
      expect(statusOf(result)).toBe(400);
      expect(replyOf(result).error?.[field]).toEqual([message]);
    }
  });

  it("stores a cover with its text alternative, and requires the alternative", async () => {
    const cover = () => new File([new Uint8Array(0)], "", { type: "application/octet-stream" });
    const noAlt = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", validForm({ cover: new File([new Uint8Array(await png())], "place.png", { type: "image/png" }) })) });
    expect(statusOf(noAlt)).toBe(400);
    expect(replyOf(noAlt).error?.coverAlt).toEqual(["projects:errors.coverAltRequired"]);

    const id = await createThroughForm(
      officialA,
      orgA,
      validForm({ cover: new File([new Uint8Array(await png())], "place.png", { type: "image/png" }), coverAlt: "La place du Marché un jour de marché" }),
    );
    const [row] = await sql`
      select p.cover_alt, u.kind, u.organization_id from projects p join uploads u on u.id = p.cover_upload_id where p.id = ${id}`;
    expect(row).toMatchObject({ cover_alt: "La place du Marché un jour de marché", kind: "image", organization_id: String(orgA.id) });

    // An empty file input (nothing chosen) keeps the cover; "remove" takes it away.
    const params = { id: String(id) };
    const kept = await callRoute(editRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart(`/manage/projects/${id}`, validForm({ cover: cover(), coverAlt: "Nouvelle description" })), params });
    expect(statusOf(kept)).toBe(302);
    expect((await sql`select cover_upload_id is not null as has, cover_alt from projects where id = ${id}`)[0]).toMatchObject({
      has: true,
      cover_alt: "Nouvelle description",
    });
    const removed = await callRoute(editRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart(`/manage/projects/${id}`, validForm({ removeCover: "on" })), params });
    expect(statusOf(removed)).toBe(302);
    expect((await sql`select cover_upload_id, cover_alt from projects where id = ${id}`)[0]).toMatchObject({ cover_upload_id: null, cover_alt: null });
  });

  it("refuses a file that is not an image, and a too-large file with the translated message, keeping the values", async () => {
    const notImage = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", validForm({ cover: new File(["just text"], "x.png", { type: "image/png" }), coverAlt: "Texte" })) });
    expect(statusOf(notImage)).toBe(400);
    expect(replyOf(notImage).error?.cover).toEqual(["Ce fichier n'est pas une image : envoyez un fichier JPEG, PNG, WebP, GIF ou AVIF."]);

    const big = new File([new Uint8Array(11 * 1024 * 1024)], "huge.png", { type: "image/png" });
    const tooBig = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", validForm({ cover: big, coverAlt: "Texte" })) });
    expect(statusOf(tooBig)).toBe(400);
    expect(replyOf(tooBig).error?.cover).toEqual(["Le fichier est trop volumineux (maximum 10 Mo)."]);

    // Past the multipart limit itself (20 MB): the part is skipped, the fields after it still read.
    const huge = new File([new Uint8Array(21 * 1024 * 1024)], "huge.pdf", { type: "application/pdf" });
    const result = await callRoute(newRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart("/manage/projects/new", { document: huge, documentTitle: "Cahier", ...validForm({ summary: "Gardé après le gros fichier" }) }) });
    expect(statusOf(result)).toBe(400);
    expect(replyOf(result).error?.document).toEqual(["Le fichier est trop volumineux (maximum 20 Mo)."]);
    expect(replyOf(result).initialValue?.summary).toBe("Gardé après le gros fichier");
  });

  it("attaches PDF documents with their page count, and removes them", async () => {
    const id = await createThroughForm(
      officialA,
      orgA,
      validForm({ documentTitle: "Cahier des charges", document: new File([new Uint8Array(await pdf(3))], "cahier.pdf", { type: "application/pdf" }) }),
    );
    const docs = await sql`select id, title, page_count from project_documents where project_id = ${id}`;
    expect(docs.map((d) => [d.title, d.page_count])).toEqual([["Cahier des charges", 3]]);
    const params = { id: String(id) };
    const missingTitle = await callRoute(editRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart(`/manage/projects/${id}`, validForm({ document: new File([new Uint8Array(await pdf(1))], "plan.pdf", { type: "application/pdf" }) })), params });
    expect(replyOf(missingTitle).error?.documentTitle).toEqual(["projects:errors.documentTitleRequired"]);
    const removed = await callRoute(editRoute.action as RouteFn, { org: orgA, user: officialA, request: multipart(`/manage/projects/${id}`, validForm({ removeDocuments: String(docs[0]!.id) })), params });
    expect(statusOf(removed)).toBe(302);
    expect(await sql`select 1 from project_documents where project_id = ${id}`).toHaveLength(0);
  });

  it("edits a project, records what changed, and keeps phase ids", async () => {
    const id = await createThroughForm(officialA, orgA, validForm({ title: "Jardin partagé" }));
    const [phaseBefore] = await sql`select id from project_phases where project_id = ${id} and kind = 'information'`;
    const params = { id: String(id) };
    const result = await callRoute(editRoute.action as RouteFn, { org: orgA, user: adminA, request: multipart(`/manage/projects/${id}`, validForm({ title: "Jardin partagé des Lilas", slug: "jardin-des-lilas", "phases.vote.startsOn": "2026-04-01" })), params });
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe(`/manage/projects/${id}?notice=saved`);
    const [row] = await sql`select title, slug from projects where id = ${id}`;
    expect(row).toMatchObject({ title: "Jardin partagé des Lilas", slug: "jardin-des-lilas" });
    const [phaseAfter] = await sql`select id from project_phases where project_id = ${id} and kind = 'information'`;
    expect(phaseAfter!.id).toBe(phaseBefore!.id);
    const [audit] = await sql`select actor_id, data from audit_log where action = 'project.update' and subject_id = ${String(id)}`;
    expect(audit!.actor_id).toBe(String(adminA.id));
    expect((audit!.data as { changed: string[] }).changed).toEqual(["title", "slug", "phases"]);
    const loaded = (await callRoute(editRoute.loader as RouteFn, { org: orgA, user: officialA, path: `/manage/projects/${id}?notice=saved`, params })) as {
      defaults: { title: string; phases: unknown[] };
      notice: string;
    };
    expect(loaded.defaults.title).toBe("Jardin partagé des Lilas");
    expect(loaded.defaults.phases).toHaveLength(3);
    expect(loaded.notice).toBe("saved");
  });
});

describe("publishing and archiving", () => {
  it("refuses to publish without phases, then publishes, archives and publishes again, each audited", async () => {
    const project = await createTestProject(orgA.id, officialA.id, { status: "draft" });
    const params = { id: String(project.id) };
    const post = (intent: string) =>
      callRoute(editRoute.action as RouteFn, { org: orgA, user: officialA, path: `/manage/projects/${project.id}`, form: { intent }, params });

    const refused = await post("publish");
    expect(statusOf(refused)).toBe(409);
    expect((refused as { data: { message: string } }).data.message).toBe("Ajoutez au moins une phase au calendrier avant de publier le projet.");
    expect((await sql`select status from projects where id = ${project.id}`)[0]!.status).toBe("draft");

    await sql`insert into project_phases (organization_id, project_id, kind, starts_on) values (${orgA.id}, ${project.id}, 'information', ${await dayFromToday(10)})`;
    expect(statusOf(await post("archive"))).toBe(409);
    const published = await post("publish");
    expect((published as Response).headers.get("Location")).toBe(`/manage/projects/${project.id}?notice=published`);
    const [row] = await sql`select status, published_at from projects where id = ${project.id}`;
    expect(row!.status).toBe("published");
    expect(row!.published_at).toBeInstanceOf(Date);
    expect(statusOf(await post("publish"))).toBe(409);

    expect(statusOf(await post("archive"))).toBe(302);
    expect((await sql`select status, archived_at is not null as a from projects where id = ${project.id}`)[0]).toMatchObject({ status: "archived", a: true });
    expect(statusOf(await post("publish"))).toBe(302);
    const actions = await sql`select action, actor_id from audit_log where subject_type = 'project' and subject_id = ${String(project.id)} order by id`;
    expect(actions.map((a) => a.action)).toEqual(["project.publish", "project.archive", "project.publish"]);
    expect(actions.every((a) => a.actor_id === String(officialA.id))).toBe(true);
  });

  it("previews a draft as the public will see it", async () => {
    const project = await createTestProject(orgA.id, officialA.id, { status: "draft", body: "Le texte du brouillon." });
    const result = (await callRoute(previewRoute.loader as RouteFn, {
      org: orgA, user: officialA, path: `/manage/projects/${project.id}/preview`,
      params: {
        id: String(project.id),
      },
    })) as { project: { status: string }; presentation: { bodyHtml: string } };
    expect(result.project.status).toBe("draft");
    expect(result.presentation.bodyHtml).toBe("<p>Le texte du brouillon.</p>");
  });
});
