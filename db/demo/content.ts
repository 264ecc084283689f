// The demo town's content: six projects in every phase and kind, about thirty proposals by a
// dozen residents, supports, official answers in every status, threaded comments, debates (one
// closed with its conclusion), one comment hidden by moderation, and notifications waiting in the
// demo citizen's bell. Everything goes through the commands people use (saveProject, publishProject,
// createProposal, setSupport, answerProposal, createComment, openDebate, closeDebate, reportContent,
// decideModeration, storeImage through saveProject), with rich text through processRichText: the
// demo can hold nothing the app would refuse. Only the residents' accounts are inserted as
// seedDemoAccounts inserts its own (there is no account command without a mail round trip).
//
// Phases decide on the database clock. Contributions to a project whose participation is over
// (the vote, results and archived ones) are written while its co-construction phase is open, then
// the project's phases are moved to their final dates by the same saveProject edit an official
// makes: the contributions were made when the rules allowed them.
import type postgres from "postgres";
import { archiveProject, publishProject, saveProject, setFollow, type ProjectInput } from "../../app/modules/projects/commands.server";
import { checkAct, currentPhase, validatePhases, type CitizenAct, type Phase, type ProjectKind } from "../../app/modules/projects/phases";
import { loadPhases, todayInParis } from "../../app/modules/projects/queries.server";
import { answerProposal, createProposal, setSupport } from "../../app/modules/proposals/commands.server";
import type { AnswerStatus } from "../../app/modules/proposals/schema";
import { createComment, findCommentTarget } from "../../app/modules/comments/commands.server";
import type { Alignment, CommentTarget } from "../../app/modules/comments/schema";
import { closeDebate, openDebate } from "../../app/modules/debates/commands.server";
import { reportContent } from "../../app/modules/moderation/reports.server";
import { decideModeration } from "../../app/modules/moderation/decisions.server";
import { updateOrganizationSettings } from "../../app/modules/admin/settings.server";
import { setTownIdentity } from "../../app/modules/organizations/identity.server";
import { processRichText, richTextFromPlain } from "../../app/modules/richtext/richtext.server";
import { storeImage } from "../../app/modules/uploads/uploads.server";
import { NOTIFICATION_KINDS } from "../../app/modules/notifications/kinds";
import type { Db, Sql } from "../../app/utils/db.server";
import { avenueCorridor, placeOutline, pointInPlace, pointOnStreet, type PlaceKey } from "./geography";
import { renderPicture, type Picture } from "./images";
import { seedDemoScenes } from "./scenes";
import { DEMO_IDENTITY, DEMO_PROJECTS, RESIDENTS, type DemoProject, type Thread } from "./texts";
import { announceStartedPhases } from "../../app/modules/projects/phase-notifier.server";
import { memberActor } from "../../app/modules/auth/member-actor";
import { seedDemoConsultations } from "./consultations";

/** The projects holding the demo's consultations: open ones in the vote phase, a closed one in results. */
const CONSULTATION_PROJECTS = { vote: "plan-velo-avenue-de-la-gare", results: "cour-ecole-jules-ferry" };

async function projectIdOf(sql: Sql, organizationId: number, slug: string): Promise<number> {
  const [row] = await sql`select id from projects where organization_id = ${organizationId} and slug = ${slug}`;
  if (!row) throw new Error(`demo seed: no project ${slug}`);
  return Number(row.id);
}

/** Present once the demo town is seeded: its first project. */
export const DEMO_MARKER_SLUG = "place-de-la-fontaine";
/** The demo organization's starting view: the neighbourhood, close enough to read the street names. */
const DEMO_MAP_ZOOM = 15;
const LOCK_KEY = 0x6d717565; // "mque": one seeding at a time, whatever the number of processes

export type DemoTownOutcome = { seeded: boolean; projects: number; proposals: number; ms: number };

type Accounts = { official: number; moderator: number; citizen: number; citizenName: string; residents: Map<string, { id: number; name: string }> };

/** today + n days on the Paris calendar, YYYY-MM-DD. */
function shift(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function phasesFrom(today: string, spec: DemoProject["phases"]): Phase[] {
  return spec.map(([kind, start, end]) => ({ kind, startsOn: shift(today, start), endsOn: end === null ? null : shift(today, end) }));
}

function locationOf(project: DemoProject): ProjectInput["location"] {
  if (project.place === "avenue") {
    return { geometry: avenueCorridor(), center: pointOnStreet("Avenue de la Gare", 0.5) };
  }
  const key = project.place as PlaceKey;
  if (project.point) return { geometry: { type: "Point", coordinates: pointInPlace(key, 0.5, 0.5) }, center: pointInPlace(key, 0.5, 0.5) };
  return { geometry: placeOutline(key), center: pointInPlace(key, 0.5, 0.5) };
}

/** The project's rich body: the editor's own nodes, the body picture stored first and linked. */
function bodyJson(project: DemoProject, image: { url: string; alt: string }): Record<string, unknown> {
  const text = (t: string) => ({ type: "text", text: t });
  const paragraph = (t: string) => ({ type: "paragraph", content: [text(t)] });
  return {
    type: "doc",
    content: [
      paragraph(project.body.intro),
      { type: "heading", attrs: { level: 2 }, content: [text(project.body.whyTitle)] },
      paragraph(project.body.why),
      { type: "image", attrs: { src: image.url, alt: image.alt, title: null, width: null, height: null } },
      { type: "heading", attrs: { level: 2 }, content: [text("Ce que nous vous proposons")] },
      {
        type: "bulletList",
        content: project.body.points.map((p) => ({ type: "listItem", content: [paragraph(p)] })),
      },
      {
        type: "paragraph",
        content: [{ type: "text", text: "Budget prévu : " }, { type: "text", marks: [{ type: "bold" }], text: project.body.budget }],
      },
    ],
  };
}

async function ensureResidents(sql: Sql, organizationId: number): Promise<Map<string, { id: number; name: string }>> {
  // Fictional people: no password (nobody logs in as them) and no mail (nobody reads it).
  const noMail = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, { inApp: true, email: false }]));
  const residents = new Map<string, { id: number; name: string }>();
  for (const resident of RESIDENTS) {
    const [row] = await sql`
      insert into users (organization_id, email, email_confirmed_at, name, password_hash, role, terms_accepted_at, notification_settings)
      values (${organizationId}, ${resident.email}, now(), ${resident.name}, null, 'citizen', now(), ${sql.json(noMail)})
      on conflict do nothing
      returning id`;
    const id = row ? Number(row.id) : Number((await sql`select id from users where organization_id = ${organizationId} and email = ${resident.email}`)[0]!.id);
    residents.set(resident.key, { id, name: resident.name });
  }
  return residents;
}

async function accountId(sql: Sql, organizationId: number, email: string): Promise<{ id: number; name: string }> {
  const [row] = await sql`select id, name from users where organization_id = ${organizationId} and email = ${email}`;
  if (!row) throw new Error(`demo account ${email} is missing: seedDemoAccounts runs first`);
  return { id: Number(row.id), name: String(row.name) };
}

/** What the routes check before a citizen acts (requireContribution's phase rule), on the database clock. */
async function assertOpen(sql: Sql, projectId: number, act: CitizenAct) {
  const today = await todayInParis(sql as unknown as Db);
  const check = checkAct({ status: "published" }, currentPhase(await loadPhases(sql as unknown as Db, projectId), today), act);
  if (!check.allowed) throw new Error(`demo seed: ${act} is closed on project ${projectId} (${check.reason})`);
}

async function picture(name: Picture, width: number, fileName: string) {
  return { data: await renderPicture(name, width), name: fileName };
}

/** Seeds the demo town once; a second call finds its first project and does nothing. */
export async function seedDemoTown(sql: Sql, input: { organizationId: number; origin: string }): Promise<DemoTownOutcome> {
  const started = Date.now();
  const { organizationId, origin } = input;
  const reserved = await (sql as unknown as postgres.Sql).reserve();
  try {
    await reserved`select pg_advisory_lock(${LOCK_KEY})`;
    const [exists] = await sql`select 1 from projects where organization_id = ${organizationId} and slug = ${DEMO_MARKER_SLUG}`;
    if (exists) return { seeded: false, projects: 0, proposals: 0, ms: Date.now() - started };
    const official = await accountId(sql, organizationId, "elu@maquette.example");
    const moderator = await accountId(sql, organizationId, "moderation@maquette.example");
    const citizen = await accountId(sql, organizationId, "citoyen@maquette.example");
    const admin = await accountId(sql, organizationId, "admin@maquette.example");
    const accounts: Accounts = {
      official: official.id,
      moderator: moderator.id,
      citizen: citizen.id,
      citizenName: citizen.name,
      residents: await ensureResidents(sql, organizationId),
    };
    accounts.residents.set("camille", { id: citizen.id, name: citizen.name });
    await updateOrganizationSettings(sql, { organizationId, actorId: admin.id, settings: { mapZoom: DEMO_MAP_ZOOM } });
    await seedTownIdentity(sql, organizationId, admin.id);

    const [clock] = await sql`select clock_timestamp() as at`;
    let proposals = 0;
    for (const project of DEMO_PROJECTS) proposals += await seedProject(sql, { organizationId, origin, accounts, project });
    await seedDemoConsultations(sql, {
      organizationId,
      official,
      // The demo citizen has not voted yet: the ballots are theirs to try.
      residents: RESIDENTS.map((r) => accounts.residents.get(r.key)!).filter(Boolean),
      voteProjectId: await projectIdOf(sql, organizationId, CONSULTATION_PROJECTS.vote),
      resultsProjectId: await projectIdOf(sql, organizationId, CONSULTATION_PROJECTS.results),
    });
    // The square in 3D: its existing state and the two design variants (db/demo/scenes.ts).
    const [square] = await sql`select id from projects where organization_id = ${organizationId} and slug = ${DEMO_MARKER_SLUG}`;
    await seedDemoScenes(sql as unknown as Db, { organizationId, projectId: Number(square!.id), officialId: accounts.official });
    // The phases that started today (moved by the officials' edits above) are announced now, by the
    // periodic job's own function, rather than a minute after the first start.
    await announceStartedPhases(sql);
    // The commands queued mails about the demo's invented past (answers, replies, phases) for the
    // demo accounts: nobody is waiting for them, and sent on the first start they would fill its
    // console. The bell keeps the notifications; only these unsent mails are dropped.
    await sql`
      delete from mail_outbox
      where organization_id = ${organizationId} and sent_at is null and created_at >= ${clock!.at as Date}`;
    return { seeded: true, projects: DEMO_PROJECTS.length, proposals, ms: Date.now() - started };
  } finally {
    await reserved`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    reserved.release();
  }
}

async function seedProject(
  sql: Sql,
  input: { organizationId: number; origin: string; accounts: Accounts; project: DemoProject },
): Promise<number> {
  const { organizationId, origin, accounts, project } = input;
  const db = sql as unknown as Db;
  const today = await todayInParis(db);
  // The body picture is an upload of the official, as the editor's image button makes it.
  const bodyImage = await saveBodyImage(sql, organizationId, accounts.official, project);
  const body = processRichText(bodyJson(project, bodyImage), "full");
  const finalPhases = phasesFrom(today, project.phases);
  // Contributions need an open co-construction phase: those the project no longer has are written
  // under a co-construction that started two months ago and is still running.
  const needsEarlierPhases = project.threads.length > 0 && currentPhase(finalPhases, today)?.kind !== "co_construction";
  const seedingPhases = needsEarlierPhases ? phasesFrom(today, [["information", -90, -61], ["co_construction", -60, null]]) : finalPhases;
  for (const phases of [seedingPhases, finalPhases]) {
    const problem = validatePhases(phases);
    if (problem) throw new Error(`demo seed: phases of ${project.slug}: ${problem}`);
  }
  const values: ProjectInput = {
    title: project.title,
    slug: project.slug,
    summary: project.summary,
    body,
    kind: project.kind as ProjectKind,
    location: locationOf(project),
    phases: seedingPhases,
    cover: await picture(project.cover, 1200, `${project.slug}.png`),
    coverAlt: project.coverAlt,
    removeCover: false,
    document: null,
    documentTitle: null,
    removeDocumentIds: [],
  };
  const saved = await saveProject(sql, memberActor(organizationId, accounts.official, { role: "official" }), { projectId: null, values });
  if (!saved.ok) throw new Error(`demo seed: project ${project.slug} refused: ${JSON.stringify(saved)}`);
  const projectId = saved.id;
  for (const follower of project.followers) {
    const member = accounts.residents.get(follower)!;
    await setFollow(db, memberActor(organizationId, member.id), { projectId, follow: true });
  }
  const published = await publishProject(sql, memberActor(organizationId, accounts.official, { role: "official" }), { projectId, origin });
  if (!published.ok) throw new Error(`demo seed: publishing ${project.slug}: ${published.error}`);

  let count = 0;
  for (const thread of project.threads) {
    count += await seedThread(sql, { organizationId, origin, accounts, projectId, slug: project.slug, thread, project });
  }
  for (const debate of project.debates) {
    await assertOpen(sql, projectId, "debate");
    const debateId = await openDebate(sql, memberActor(organizationId, accounts.official, { role: "official" }), { projectId, title: debate.title, description: debate.description });
    await seedComments(sql, { organizationId, origin, accounts, target: { type: "debate", id: debateId }, comments: debate.comments });
    if (debate.conclusion) {
      const closed = await closeDebate(sql, memberActor(organizationId, accounts.official, { role: "official" }), { projectId, debateId, conclusion: debate.conclusion });
      if (!closed.ok) throw new Error(`demo seed: closing a debate of ${project.slug}: ${closed.error}`);
    }
  }
  if (needsEarlierPhases) {
    // The official moves the phases to where the project stands today (the project form's edit).
    const moved = await saveProject(sql, memberActor(organizationId, accounts.official, { role: "official" }), { projectId, values: { ...values, cover: null, phases: finalPhases } });
    if (!moved.ok) throw new Error(`demo seed: moving the phases of ${project.slug}: ${JSON.stringify(moved)}`);
  }
  if (project.archived) {
    const archived = await archiveProject(sql, memberActor(organizationId, accounts.official, { role: "official" }), { projectId });
    if (!archived.ok) throw new Error(`demo seed: archiving ${project.slug}: ${archived.error}`);
  }
  return count;
}

/** The home page's banner, welcome text and footer links, through the same command and validation as an admin's. */
async function seedTownIdentity(sql: Sql, organizationId: number, adminId: number) {
  const banner = await storeImage(sql as unknown as Db, {
    organizationId,
    uploaderId: adminId,
    data: await renderPicture("square", 1600),
    originalName: "banniere-ville-de-demo.png",
  });
  const result = await setTownIdentity(sql, {
    organizationId,
    actorId: adminId,
    bannerUploadId: banner.id,
    identity: DEMO_IDENTITY,
  });
  if (!result.ok) throw new Error(`demo seed: town identity: ${result.errors.join(", ")}`);
}

async function saveBodyImage(sql: Sql, organizationId: number, uploaderId: number, project: DemoProject) {
  const stored = await storeImage(sql as unknown as Db, {
    organizationId,
    uploaderId,
    data: await renderPicture(project.bodyPicture, 800),
    originalName: `${project.slug}-illustration.png`,
  });
  return { url: stored.url, alt: project.bodyPictureAlt };
}

async function seedThread(
  sql: Sql,
  input: { organizationId: number; origin: string; accounts: Accounts; projectId: number; slug: string; thread: Thread; project: DemoProject },
): Promise<number> {
  const { organizationId, origin, accounts, projectId, slug, thread, project } = input;
  const author = accounts.residents.get(thread.author)!;
  await assertOpen(sql, projectId, "propose");
  const where = thread.at ? (project.place === "avenue" ? pointOnStreet("Avenue de la Gare", thread.at[0]) : pointInPlace(project.place as PlaceKey, ...thread.at)) : null;
  const proposalId = await createProposal(sql as unknown as Db, memberActor(organizationId, author.id), {
    projectId,
    title: thread.title,
    body: processRichText(richTextFromPlain(thread.body), "basic"),
    place: where,
  });
  for (const supporter of thread.supporters) {
    await assertOpen(sql, projectId, "support");
    const member = accounts.residents.get(supporter)!;
    const result = await setSupport(sql, memberActor(organizationId, member.id), { projectId, proposalId, on: true });
    if (!result.ok) throw new Error(`demo seed: support of ${thread.title}: ${result.error}`);
  }
  await seedComments(sql, { organizationId, origin, accounts, target: { type: "proposal", id: proposalId }, comments: thread.comments });
  if (thread.answer) {
    const answered = await answerProposal(sql, memberActor(organizationId, accounts.official, { role: "official" }), {
      projectId,
      proposalId,
      status: thread.answer.status as AnswerStatus,
      answer: thread.answer.text,
      path: `/projects/${slug}/proposals/${proposalId}`,
      origin,
    });
    if (!answered.ok) throw new Error(`demo seed: answer to ${thread.title}: ${answered.error}`);
  }
  return 1;
}

async function seedComments(
  sql: Sql,
  input: { organizationId: number; origin: string; accounts: Accounts; target: CommentTarget; comments: Thread["comments"] },
) {
  const { organizationId, origin, accounts } = input;
  const target = await findCommentTarget(sql as unknown as Db, organizationId, input.target);
  if (!target) throw new Error("demo seed: comment target vanished");
  await assertOpen(sql, target.projectId, "comment");
  for (const comment of input.comments) {
    const author = accounts.residents.get(comment.author)!;
    const posted = await createComment(sql, memberActor(target.organizationId, author.id, { name: author.name }), {
      target,
      parentId: null,
      body: comment.body,
      alignment: comment.alignment as Alignment,
      origin,
    });
    if (!posted.ok) throw new Error(`demo seed: comment refused: ${posted.error}`);
    for (const reply of comment.replies ?? []) {
      const replier = accounts.residents.get(reply.author)!;
      const answered = await createComment(sql, memberActor(target.organizationId, replier.id, { name: replier.name }), {
        target,
        parentId: posted.id,
        body: reply.body,
        alignment: "neutral",
        origin,
      });
      if (!answered.ok) throw new Error(`demo seed: reply refused: ${answered.error}`);
    }
    if (comment.hiddenBecause) await hideByModeration(sql, { organizationId, origin, accounts, commentId: posted.id, reason: comment.hiddenBecause });
    if (comment.reportedAs) {
      // One resident's report: the comment stays visible and waits in the moderators' queue.
      const report = await reportContent(sql, {
        organizationId,
        reporterId: accounts.residents.get("hugo")!.id,
        target: { type: "comment", id: posted.id },
        reason: comment.reportedAs,
        details: "Ce commentaire me semble méprisant envers les commerçants du marché.",
        origin,
      });
      if (!report.ok) throw new Error(`demo seed: report refused: ${report.error}`);
    }
  }
}

/** Two residents report the comment, then the moderator hides it with the reason its author reads. */
async function hideByModeration(sql: Sql, input: { organizationId: number; origin: string; accounts: Accounts; commentId: number; reason: string }) {
  const { organizationId, origin, accounts } = input;
  for (const reporter of ["nadia", "marc"]) {
    const report = await reportContent(sql, {
      organizationId,
      reporterId: accounts.residents.get(reporter)!.id,
      target: { type: "comment", id: input.commentId },
      reason: "spam",
      details: reporter === "nadia" ? "Publicité pour un garage, rien à voir avec la place." : null,
      origin,
    });
    if (!report.ok) throw new Error(`demo seed: report refused: ${report.error}`);
  }
  const [moderation] = await sql`
    select id from moderations where organization_id = ${organizationId} and target_type = 'comment' and target_id = ${input.commentId}`;
  const decided = await decideModeration(sql, {
    organizationId,
    moderatorId: accounts.moderator,
    moderationId: Number(moderation!.id),
    decision: "hide",
    reason: input.reason,
    origin,
  });
  if (!decided.ok) throw new Error(`demo seed: moderation refused: ${decided.error}`);
}
