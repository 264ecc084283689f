// One organization's full data set for the isolation test (vitest only): members of every role
// with sessions and one-time links, a published project (running co-construction phase, cover
// image, PDF), a draft and an archived one, proposals with supports and a place, threaded
// comments, a debate, an open consultation with a ballot, reports and moderation rows, notifications, audit entries and mails.
// Every text carries the organization's marker, so that a leak shows in any serialized answer.
import { addVariant, createScene } from "~/modules/scenes/commands.server";
import { actorOfMember } from "~/modules/scenes/queries.server";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { recordAudit } from "~/modules/audit/audit.server";
import { createSession } from "~/modules/auth/session.server";
import { recordLoginFailure } from "~/modules/auth/throttle.server";
import { issueToken } from "~/modules/auth/tokens.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import type { Organization } from "~/modules/organizations/queries.server";
import type { Role } from "~/modules/permissions/permissions";
import { dayFromToday } from "~/modules/projects/testing.server";
import { castBallot } from "~/modules/consultations/commands.server";
import { actorFor, createTestConsultation } from "~/modules/consultations/testing.server";
import { processRichText, richTextFromPlain } from "~/modules/richtext/richtext.server";
import { storeImage, storePdf } from "~/modules/uploads/uploads.server";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";

export const MEMBER_KINDS = ["admin", "official", "moderator", "aidant", "citizen", "supporter", "blocked", "unconfirmed"] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

const ROLE_OF: Record<MemberKind, Role> = {
  admin: "admin",
  official: "official",
  moderator: "moderator",
  aidant: "aidant",
  citizen: "citizen",
  supporter: "citizen",
  blocked: "citizen",
  unconfirmed: "citizen",
};

export type Member = { id: number; organizationId: number; email: string; name: string; role: Role };
export type ProjectRef = { id: number; slug: string; title: string };

export type OrgData = {
  label: "A" | "B";
  /** In every text of this organization ("ALPACA-A-", "ZEBRA-B-"). */
  marker: string;
  /** A word only this organization's texts contain, for the search. */
  word: string;
  org: Organization;
  members: Record<MemberKind, Member>;
  /** A live session token per member (kept for the tests; the routes get fresh ones). */
  sessionTokens: Record<MemberKind, string>;
  sessionIds: string[];
  /** One-time links: the unconfirmed member's confirmation, the citizen's password reset. */
  confirmToken: string;
  resetToken: string;
  published: ProjectRef;
  draft: ProjectRef;
  archived: ProjectRef;
  image: { id: number; keys: string[] };
  pdf: { id: number; key: string };
  documentId: number;
  /** The citizen's answered proposal, supported by the supporter, with a place. */
  proposal: { id: number };
  /** The citizen's proposal of a minute ago, still editable. */
  freshProposal: { id: number };
  /** The citizen's proposal hidden by a moderator. */
  hiddenProposal: { id: number };
  debate: { id: number };
  /** An open consultation of the published project (one single-choice question, two options), with the supporter's ballot. */
  consultation: { id: number; questionId: number; optionIds: number[] };
  comments: { onProject: number; onProposal: number; reply: number; onDebate: number };
  moderations: { pending: number; hidden: number };
  notificationId: number;
  /** An identity provider (FranceConnect) of the organization, and its short name in URLs. */
  provider: { id: number; slug: string };
  auditIds: number[];
  /** Strings that must never appear in another organization's answers. */
  secrets: string[];
  /** A 3D scene of the published project, its variant and one viewpoint (officials' commands), a citizen's comment on the variant. */
  scene: { id: number; variantId: number; viewpointId: number; commentId: number };
};

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

const png = (rgb: [number, number, number]) =>
  sharp({ create: { width: 640, height: 360, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();

async function pdf(title: string) {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.addPage();
  return Buffer.from(await doc.save());
}

const rich = (text: string, profile: "full" | "basic") => processRichText(richTextFromPlain(text), profile);

export async function createOrgData(label: "A" | "B", marker: string, word: string, color: [number, number, number]): Promise<OrgData> {
  const lower = label.toLowerCase();
  const org = await createTestOrganization({ name: `${marker}Ville` });

  const members = {} as Record<MemberKind, Member>;
  for (const kind of MEMBER_KINDS) {
    const user = await createTestUser(org.id, {
      role: ROLE_OF[kind],
      name: `${marker}${kind}`,
      email: `${lower}-${kind}-${unique()}@isolation.example`,
      confirmed: kind !== "unconfirmed",
    });
    members[kind] = { ...user, role: ROLE_OF[kind] };
  }
  const { admin, official, moderator, citizen, supporter, blocked, unconfirmed } = members;
  await sql`update users set blocked_at = now(), blocked_reason = ${`${marker}motif du blocage`} where id = ${blocked.id}`;
  await sql`update users set locale = 'fr', notification_settings = ${sql.json({ comment_reply: { inApp: true, email: true } })} where id = ${citizen.id}`;

  const sessionTokens = {} as Record<MemberKind, string>;
  const sessionIds: string[] = [];
  for (const kind of MEMBER_KINDS) {
    const { token, session } = await createTestSession(members[kind]);
    sessionTokens[kind] = token;
    sessionIds.push(session.id);
  }
  const browser = await createSession(sql, { userId: citizen.id, organizationId: org.id, userAgent: `${marker}Navigateur/1.0`, ip: "10.66.0.9" });
  sessionIds.push(browser.session.id);

  const confirmToken = await issueToken(sql, { organizationId: org.id, userId: unconfirmed.id, purpose: "confirm_email", email: unconfirmed.email });
  const resetToken = await issueToken(sql, { organizationId: org.id, userId: citizen.id, purpose: "reset_password", email: citizen.email });

  const image = await storeImage(sql, { organizationId: org.id, uploaderId: official.id, data: await png(color), originalName: `${marker}plan.png` });
  const document = await storePdf(sql, { organizationId: org.id, uploaderId: official.id, data: await pdf(`${marker}dossier`), originalName: `${marker}dossier.pdf` });
  const pdfKey = document.url.slice("/uploads/".length);

  const [informationStart, informationEnd, coStart, coEnd, voteStart, voteEnd] = await Promise.all([
    dayFromToday(-30),
    dayFromToday(-11),
    dayFromToday(-10),
    dayFromToday(30),
    dayFromToday(31),
    dayFromToday(50),
  ]);
  async function project(kind: "published" | "draft" | "archived", title: string, withMedia: boolean): Promise<ProjectRef> {
    const slug = `${marker.toLowerCase().replace(/-+$/, "")}-${kind}-${unique()}`;
    const body = rich(`${marker}présentation du kiosque ${word}`, "full");
    const [row] = await sql`
      insert into projects (organization_id, slug, title, summary, body, body_html, body_text, kind, status, location,
                            center_lng, center_lat, cover_upload_id, cover_alt, created_by, published_at, archived_at)
      values (${org.id}, ${slug}, ${title}, ${`${marker}résumé du kiosque ${word}`}, ${sql.json(body.json as never)}, ${body.html},
              ${body.text}, 'urban', ${kind}, ${sql.json({ type: "Point", coordinates: [2.35, 48.85] } as never)}, 2.35, 48.85,
              ${withMedia ? image.id : null}, ${withMedia ? `${marker}texte alternatif` : null}, ${official.id},
              ${kind === "draft" ? null : new Date()}, ${kind === "archived" ? new Date() : null})
      returning id`;
    const id = Number(row!.id);
    await sql`
      insert into project_phases (organization_id, project_id, kind, starts_on, ends_on, description) values
        (${org.id}, ${id}, 'information', ${informationStart}, ${informationEnd}, ${`${marker}information`}),
        (${org.id}, ${id}, 'co_construction', ${coStart}, ${coEnd}, ${`${marker}co-construction`}),
        (${org.id}, ${id}, 'vote', ${voteStart}, ${voteEnd}, ${`${marker}vote`})`;
    return { id, slug, title };
  }
  const published = await project("published", `${marker}Kiosque ${word}`, true);
  const draft = await project("draft", `${marker}Brouillon ${word}`, false);
  const archived = await project("archived", `${marker}Archivé ${word}`, false);
  const [documentRow] = await sql`
    insert into project_documents (organization_id, project_id, upload_id, title, position, page_count)
    values (${org.id}, ${published.id}, ${document.id}, ${`${marker}Dossier de concertation`}, 1, 1)
    returning id`;
  await sql`
    insert into phase_announcements (phase_id)
    select id from project_phases where project_id = ${published.id} and organization_id = ${org.id}`;
  await sql`insert into follows (organization_id, user_id, project_id) values (${org.id}, ${citizen.id}, ${published.id})`;

  async function proposal(title: string, options: { hidden?: boolean; old?: boolean; answered?: boolean } = {}) {
    const body = rich(`${marker}texte de la proposition ${word}`, "basic");
    const [row] = await sql`
      insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text, lng, lat, status,
                             answer_text, answered_at, answered_by, hidden_at, created_at)
      values (${org.id}, ${published.id}, ${citizen.id}, ${title}, ${sql.json(body.json as never)}, ${body.html}, ${body.text},
              2.351, 48.851, ${options.answered ? "under_study" : "submitted"},
              ${options.answered ? `${marker}réponse officielle` : null}, ${options.answered ? new Date() : null},
              ${options.answered ? official.id : null}, ${options.hidden ? new Date() : null},
              ${options.old ? sql`now() - interval '2 days'` : sql`now() - interval '1 minute'`})
      returning id`;
    return { id: Number(row!.id) };
  }
  const mainProposal = await proposal(`${marker}Proposition ${word}`, { old: true, answered: true });
  const freshProposal = await proposal(`${marker}Proposition récente ${word}`);
  const hiddenProposal = await proposal(`${marker}Proposition masquée ${word}`, { hidden: true, old: true });
  await sql`insert into supports (organization_id, proposal_id, user_id) values (${org.id}, ${mainProposal.id}, ${supporter.id})`;
  await sql`update proposals set supports_count = 1 where id = ${mainProposal.id}`;

  const [debateRow] = await sql`
    insert into debates (organization_id, project_id, author_id, title, description)
    values (${org.id}, ${published.id}, ${official.id}, ${`${marker}Faut-il un kiosque ?`}, ${`${marker}contexte du débat ${word}`})
    returning id`;
  const debate = { id: Number(debateRow!.id) };

  // Through the officials' commands; the supporter's ballot through castBallot.
  const officialActor = actorFor(official);
  const created = await createTestConsultation(sql, officialActor, published.id, {
    title: `${marker}Consultation ${word}`,
    description: `${marker}description de la consultation`,
    questions: [{ title: `${marker}Question ${word}`, settings: { method: "single" }, options: [{ label: `${marker}Choix un` }, { label: `${marker}Choix deux` }] }],
  });
  const consultation = { id: created.id, questionId: created.questions[0]!.id, optionIds: created.questions[0]!.optionIds };
  const ballot = await castBallot(sql, actorFor(supporter), {
    consultationId: consultation.id,
    answers: [{ questionId: consultation.questionId, method: "single", optionId: consultation.optionIds[0]! }],
  });
  if (!ballot.ok) throw new Error(`isolation data: ballot refused: ${ballot.error}`);

  async function comment(authorId: number, target: { type: "project" | "proposal" | "debate"; id: number }, body: string, parentId: number | null = null) {
    const [row] = await sql`
      insert into comments (organization_id, project_id, target_type, target_id, parent_id, depth, author_id, body)
      values (${org.id}, ${published.id}, ${target.type}, ${target.id}, ${parentId}, ${parentId ? 1 : 0}, ${authorId}, ${body})
      returning id`;
    return Number(row!.id);
  }
  const onProject = await comment(citizen.id, { type: "project", id: published.id }, `${marker}commentaire du projet`);
  const onProposal = await comment(supporter.id, { type: "proposal", id: mainProposal.id }, `${marker}commentaire de la proposition`);
  const reply = await comment(citizen.id, { type: "proposal", id: mainProposal.id }, `${marker}réponse au commentaire`, onProposal);
  const onDebate = await comment(citizen.id, { type: "debate", id: debate.id }, `${marker}commentaire du débat`);
  await sql`update comments set replies_count = 1 where id = ${onProposal}`;
  await sql`update proposals set comments_count = 2 where id = ${mainProposal.id}`;
  await sql`update debates set comments_count = 1 where id = ${debate.id}`;

  // The supporter reported the debate comment (pending); a moderator hid the hidden proposal.
  await sql`
    insert into reports (organization_id, target_type, target_id, reporter_id, reason, details) values
      (${org.id}, 'comment', ${onDebate}, ${supporter.id}, 'offensive', ${`${marker}détails du signalement`}),
      (${org.id}, 'proposal', ${hiddenProposal.id}, ${supporter.id}, 'spam', ${`${marker}publicité`})`;
  const [pending] = await sql`
    insert into moderations (organization_id, target_type, target_id, project_id, report_count, state)
    values (${org.id}, 'comment', ${onDebate}, ${published.id}, 1, 'pending')
    returning id`;
  const [hidden] = await sql`
    insert into moderations (organization_id, target_type, target_id, project_id, report_count, state, decided_by, decided_at, decision_reason)
    values (${org.id}, 'proposal', ${hiddenProposal.id}, ${published.id}, 1, 'hidden', ${moderator.id}, now(), ${`${marker}motif de la décision`})
    returning id`;
  // Its decision, as the public moderation log lists it.
  await sql`
    insert into moderation_decisions (organization_id, moderation_id, round, decision, decided_by)
    values (${org.id}, ${hidden!.id}, 1, 'hide', ${moderator.id})`;

  const [notification] = await sql`
    insert into notifications (organization_id, user_id, kind, data)
    values (${org.id}, ${citizen.id}, 'comment_reply',
            ${sql.json({ path: `/projects/${published.slug}/proposals/${mainProposal.id}`, authorName: `${marker}supporter`, targetTitle: `${marker}Proposition` })})
    returning id`;
  await sql`
    insert into notifications (organization_id, user_id, kind, data)
    values (${org.id}, ${admin.id}, 'content_hidden',
            ${sql.json({ path: `/projects/${published.slug}`, contentTitle: `${marker}contenu`, reason: `${marker}raison` })})`;

  const auditIds: number[] = [];
  for (const entry of [
    { action: "member.role_change", subjectType: "user", subjectId: citizen.id, data: { from: "citizen", to: "citizen", note: `${marker}note` } },
    { action: "proposal.answer", subjectType: "proposal", subjectId: mainProposal.id, data: { projectId: published.id, status: "under_study" } },
    { action: "moderation.hide", subjectType: "proposal", subjectId: hiddenProposal.id, data: { reason: `${marker}motif de la décision` } },
  ]) {
    const actorId = entry.action === "moderation.hide" ? moderator.id : entry.action === "proposal.answer" ? official.id : admin.id;
    auditIds.push((await recordAudit(sql, { organizationId: org.id, actorId, ...entry })).id);
  }
  await enqueueMail(sql, { organizationId: org.id, to: citizen.email, subject: `${marker}Nouvelle réponse`, text: `${marker}corps du message` });
  await recordLoginFailure(sql, org.id, `${lower}-inconnu@isolation.example`, "10.66.0.1");

  const sceneActor = (await actorOfMember(sql, org.id, official.id))!;
  const createdScene = await createScene(sql, sceneActor, { projectId: published.id, title: `${marker}Scène de la place` });
  if (!createdScene.ok) throw new Error("scene refused");
  const createdVariant = await addVariant(sql, sceneActor, {
    sceneId: createdScene.sceneId,
    title: `${marker}Variante A`,
    description: `${marker}description de la variante`,
    viewpoints: [{ name: `${marker}Entrée`, caption: `${marker}légende`, camera: [0, 1.6, 12], target: [0, 1.6, 0] }],
  });
  if (!createdVariant.ok) throw new Error("variant refused");
  const [variantComment] = await sql`
    insert into comments (organization_id, project_id, target_type, target_id, depth, author_id, body)
    values (${org.id}, ${published.id}, 'variant', ${createdVariant.variantId}, 0, ${citizen.id}, ${`${marker}commentaire de la variante`})
    returning id`;
  await sql`update scene_variants set comments_count = 1 where id = ${createdVariant.variantId}`;
  // Its secret is sealed bytes no key opens: logins through it stop before any network call.
  const providerSlug = `idp-${lower}`;
  const [providerRow] = await sql`
    insert into oidc_providers (organization_id, slug, kind, label, issuer, client_id, client_secret_encrypted, scopes)
    values (${org.id}, ${providerSlug}, 'franceconnect', ${`${marker}FranceConnect`}, ${`https://idp-${lower}.isolation.example`},
            ${`${marker}client`}, ${Buffer.alloc(40, 7)}, 'openid email')
    returning id`;

  const [salt] = await sql`select open_data_salt from organizations where id = ${org.id}`;
  const secrets = [
    marker,
    org.host,
    String(salt!.open_data_salt),
    ...MEMBER_KINDS.map((k) => members[k].email),
    ...sessionIds,
    confirmToken.split(".")[0]!,
    resetToken.split(".")[0]!,
    ...image.variants.map((v) => v.key.slice(v.key.indexOf("/") + 1)),
    pdfKey.slice(pdfKey.indexOf("/") + 1),
  ];

  return {
    scene: {
      id: createdScene.sceneId,
      variantId: createdVariant.variantId,
      viewpointId: createdVariant.viewpointIds[0]!,
      commentId: Number(variantComment!.id),
    },
    label,
    marker,
    word,
    org,
    members,
    sessionTokens,
    sessionIds,
    confirmToken,
    resetToken,
    published,
    draft,
    archived,
    image: { id: image.id, keys: image.variants.map((v) => v.key) },
    pdf: { id: document.id, key: pdfKey },
    documentId: Number(documentRow!.id),
    proposal: mainProposal,
    freshProposal,
    hiddenProposal,
    debate,
    consultation,
    comments: { onProject, onProposal, reply, onDebate },
    moderations: { pending: Number(pending!.id), hidden: Number(hidden!.id) },
    notificationId: Number(notification!.id),
    provider: { id: Number(providerRow!.id), slug: providerSlug },
    auditIds,
    secrets,
  };
}
