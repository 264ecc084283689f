/// <reference types="vite/client" />
// Organizations never see each other's data, through any route. Two organizations, A and B, each
// with a full data set; every loader and every action intent of every route module is called on
// A's host (as A's admin, A's citizen and a visitor) with B's identifiers, and must answer a
// refusal or an A-only page, show nothing of B, and change nothing of B. A route module without
// a case below fails the coverage test: add its case when you add the route.
// Sockets: the same rule for socket.io rooms is tested in app/server/realtime.test.ts.
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommentActionSchema } from "~/modules/comments/schema";
import { CloseDebateSchema } from "~/modules/debates/schema";
import { BulkDecisionSchema, DECISIONS, UnblockSchema } from "~/modules/moderation/schema";
import { FollowSchema, ProjectActionSchema } from "~/modules/projects/schema";
import { SCENE_INTENTS } from "~/modules/scenes/manage.server";
import { LocalStorage, setStorageForTests } from "~/modules/uploads/storage.server";
import { ACCOUNT_INTENTS } from "~/modules/users/schema";
import * as root from "~/root";
import { resolveRequestAuth } from "~/server/auth-middleware.server";
import { TEST_PASSWORD } from "~/test/factories";
import { makeContext, makeRequest, run } from "~/test/remix";
import { sql } from "~/utils/db.server";
import {
  all,
  describeOutcome,
  invoke,
  leaksIn,
  matches,
  roles,
  VIEWERS,
  type FormValue,
  type Outcome,
  type RouteCall,
  type RouteCase,
  type Viewer,
} from "./isolation/calls";
import { createOrgData, type Member, type OrgData } from "./isolation/dataset";
import { changedParts, crossOrganizationReferences, fingerprint, tablesWithOrganization, type Fingerprint } from "./isolation/fingerprint";

type RouteModule = { loader?: unknown; action?: unknown };
type Handler = Parameters<typeof invoke>[0];

// Every route module, whatever its area folder (routes/_public+/, _account+/...), by its file name.
const routeGlob = import.meta.glob<RouteModule>("../routes/**/*.tsx");
const routeFiles: Record<string, () => Promise<RouteModule>> = {};
const routePaths: Record<string, string> = {};
for (const [file, load] of Object.entries(routeGlob)) {
  const name = path.basename(file, ".tsx");
  if (routeFiles[name]) throw new Error(`two route modules named ${name}`);
  routeFiles[name] = load;
  routePaths[name] = path.join("app/routes", path.relative("../routes", file));
}

let storageRoot: string;
let a: OrgData;
let b: OrgData;
/** B's fingerprint before any call, and as last checked (so that one change is reported once). */
let bOriginal: Fingerprint;
let bBefore: Fingerprint;
let kiosquePng: File;

beforeAll(async () => {
  storageRoot = await fsp.mkdtemp(path.join(os.tmpdir(), "maquette-isolation-"));
  setStorageForTests(new LocalStorage(storageRoot));
  a = await createOrgData("A", "ALPACA-A-", "pangolin", [20, 120, 60]);
  b = await createOrgData("B", "ZEBRA-B-", "ornithorynque", [140, 30, 160]);
  bOriginal = await fingerprintOfB();
  bBefore = bOriginal;
  kiosquePng = await png("kiosque.png");
});

afterAll(async () => {
  setStorageForTests(undefined);
  await fsp.rm(storageRoot, { recursive: true, force: true });
});

const CASE_MODULES = {
  account: () => routeFiles["account"]!(),
  login: () => routeFiles["login"]!(),
  uploadsServe: () => routeFiles["uploads.$"]!(),
  openData: () => routeFiles["open-data.$file"]!(),
};

const fingerprintOfB = () => fingerprint(b.org.id, Object.values(b.members).map((m) => m.email), storageRoot);

// ---- the cases: for each route module, how to call it with B's identifiers ----

const LOGIN = "login";
const MEMBER_PAGE = roles(LOGIN, 200, 200);
const ADMIN_PAGE = roles(LOGIN, 403, 200);
const MEMBERS_404 = roles(LOGIN, 404, 404);
const ADMINS_404 = roles(LOGIN, 403, 404);
const LOGGED_IN = ["citizen", "admin"] as const;
const EVERYONE = VIEWERS;

const get = (path: string, expect: RouteCall["expect"], more: Partial<RouteCall> = {}): RouteCall => ({ label: `GET ${path}`, path, expect, ...more });
const post = (path: string, form: Record<string, FormValue>, expect: RouteCall["expect"], more: Partial<RouteCall> = {}): RouteCall => ({
  label: `POST ${path} ${JSON.stringify(Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v instanceof File ? `file ${v.name}` : v])))}`,
  path,
  form,
  expect,
  ...more,
});

const png = async (name: string) =>
  new File([new Uint8Array(await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 250, g: 200, b: 0 } } }).png().toBuffer())], name, {
    type: "image/png",
  });

const doc = (...content: unknown[]) => JSON.stringify({ type: "doc", content });
const para = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

/** A valid project form of the officials' editor for organization x, naming y's id in a field the form must ignore. */
function projectForm(x: OrgData, y: OrgData, overrides: Record<string, FormValue> = {}): Record<string, FormValue> {
  return {
    intent: "save",
    title: `${x.marker}Projet enregistré`,
    slug: "",
    summary: `${x.marker}résumé`,
    body: doc(para(`${x.marker}présentation`)),
    bodyFormat: "json",
    kind: "urban",
    "phases.co_construction.startsOn": "2026-02-01",
    organizationId: String(y.org.id),
    ...overrides,
  };
}

async function mailsTo(address: string, organizationId: number) {
  return sql`select subject, text_body from mail_outbox where to_address = ${address} and organization_id = ${organizationId} order by id`;
}

function json<T>(outcome: Outcome): T {
  return JSON.parse(outcome.body) as T;
}

/** Route file name → its calls with B's identifiers, made on A's host. */
const CASES: Record<string, (a: OrgData, b: OrgData) => RouteCase> = {
  // Any other URL: a 404, whatever it names.
  $: (_a, b) => ({
    loader: [get(`/projects/${b.published.slug}/plan`, all(404), { params: { "*": `projects/${b.published.slug}/plan` } })],
    action: [post(`/projects/${b.published.slug}/plan`, { intent: "follow" }, all(404), { params: { "*": `projects/${b.published.slug}/plan` } })],
  }),
  _index: () => ({
    loader: [
      get("/", all(200), { showsOwn: EVERYONE }),
      get("/?status=archived", all(200), { showsOwn: EVERYONE }),
      get("/?kind=urban&phase=co_construction&page=1", all(200), { showsOwn: EVERYONE }),
      get(`/?page=2`, all(200)),
    ],
  }),
  accessibilite: (a, b) => ({
    loader: [get("/accessibilite", all(200), { showsOwn: EVERYONE })],
    action: [
      // The message goes to A's admins only, whatever organization the form names.
      post(
        "/accessibilite",
        { name: "Dominique", email: "dominique@example.org", page: "Accueil", problem: "La carte ne se lit pas au clavier.", organizationId: String(b.org.id) },
        all(200),
        {
          check: async (viewer) => {
            const toA = await mailsTo(a.members.admin.email, a.org.id);
            return toA.some((m) => String(m.text_body).includes("La carte ne se lit pas")) ? [] : [`${viewer}: A's admin got no mail`];
          },
        },
      ),
      post("/accessibilite", { name: "", email: "pas-une-adresse", page: "", problem: "", organizationId: String(b.org.id) }, all(400)),
    ],
  }),
  conditions: () => ({ loader: [get("/conditions", all(200), { showsOwn: EVERYONE })] }),
  "mentions-legales": () => ({ loader: [get("/mentions-legales", all(200), { showsOwn: EVERYONE })] }),
  "journal-de-moderation": () => ({
    loader: [get("/journal-de-moderation", all(200), { showsOwn: EVERYONE }), get("/journal-de-moderation?page=2", all(200))],
  }),

  account: (a, b) => ({
    loader: [get("/account", MEMBER_PAGE, { showsOwn: LOGGED_IN })],
    action: [
      post("/account", { intent: "name", name: `${a.marker}nouveau nom`, userId: String(b.members.citizen.id), organizationId: String(b.org.id) }, MEMBER_PAGE),
      // The same address may have an account in each organization: the change is A's own business.
      post("/account", { intent: "email", email: b.members.moderator.email, currentPassword: TEST_PASSWORD, userId: String(b.members.moderator.id) }, MEMBER_PAGE),
      post("/account", { intent: "password", currentPassword: "not the password 2026", newPassword: "another long password 2026", newPasswordConfirm: "another long password 2026" }, roles(LOGIN, 400, 400)),
      post("/account", { intent: "endSession", sessionId: b.sessionIds[0]! }, MEMBER_PAGE),
      post("/account", { intent: "endSession", sessionId: b.sessionIds.at(-1)! }, MEMBER_PAGE),
      post("/account", { intent: "endOtherSessions", userId: String(b.members.citizen.id) }, MEMBER_PAGE),
      post("/account", { intent: "delete", currentPassword: "not the password 2026", confirm: "on", userId: String(b.members.citizen.id) }, roles(LOGIN, 400, 400)),
    ],
  }),
  "account_.notifications": (_a, b) => ({
    loader: [get("/account/notifications", MEMBER_PAGE)],
    action: [post("/account/notifications", { intent: "save", "comment_reply.inApp": "on", userId: String(b.members.citizen.id) }, MEMBER_PAGE)],
  }),

  "admin._index": () => ({ loader: [get("/admin", ADMIN_PAGE, { showsOwn: ["admin"] })] }),
  "admin.accessibilite": (a, b) => ({
    loader: [get("/admin/accessibilite", ADMIN_PAGE, { showsOwn: ["admin"] })],
    action: [
      post(
        "/admin/accessibilite",
        { complianceRate: "64", auditedOn: "2026-10-01", auditor: `${a.marker}Audit`, statedOn: "2026-10-02", organizationId: String(b.org.id) },
        ADMIN_PAGE,
      ),
    ],
  }),
  "admin.audit": (_a, b) => ({
    loader: [
      get(`/admin/audit?before=${Math.max(...b.auditIds) + 1}`, ADMIN_PAGE, { showsOwn: ["admin"] }),
      get(`/admin/audit?after=${Math.min(...b.auditIds) - 1}`, ADMIN_PAGE),
    ],
  }),
  "admin.members": (_a, b) => ({
    loader: [
      get(`/admin/members?q=${encodeURIComponent(b.members.citizen.email)}`, ADMIN_PAGE, {
        check: async (viewer, outcome) => (viewer === "admin" && json<{ total: number }>(outcome).total !== 0 ? ["found B's member"] : []),
      }),
      get(`/admin/members?q=${encodeURIComponent(b.marker)}`, ADMIN_PAGE),
      get("/admin/members?role=admin", ADMIN_PAGE, { showsOwn: ["admin"] }),
    ],
    action: [
      post("/admin/members", { userId: String(b.members.citizen.id), role: "admin" }, ADMINS_404),
      post("/admin/members", { userId: String(b.members.admin.id), role: "citizen" }, ADMINS_404),
    ],
  }),
  "admin.identity._index": (a, b) => ({
    loader: [get("/admin/identity", ADMIN_PAGE, { showsOwn: ["admin"] })],
    action: [
      // B's short name is free in A (names are per organization); the issuer is refused before any save.
      post(
        "/admin/identity",
        { kind: "franceconnect", label: `${a.marker}FC`, slug: b.provider.slug, issuer: "ftp://idp.example", clientId: "x", clientSecret: "y", organizationId: String(b.org.id) },
        roles(LOGIN, 403, 400),
      ),
    ],
  }),
  "admin.identity.$id": (_a, b) => ({
    loader: [get(`/admin/identity/${b.provider.id}`, ADMINS_404, { params: { id: String(b.provider.id) } })],
    action: [
      post(
        `/admin/identity/${b.provider.id}`,
        { kind: "oidc", label: "Pris", slug: "pris", issuer: "https://idp.example", clientId: "x", clientSecret: "", enabled: "on" },
        ADMINS_404,
        { params: { id: String(b.provider.id) } },
      ),
    ],
  }),
  "admin.residents": (a, b) => ({
    loader: [get("/admin/residents", ADMIN_PAGE)],
    action: [
      // B's member is not found from A, whatever their address.
      post("/admin/residents", { intent: "inPerson", email: b.members.citizen.email, until: "2099-01-01", userId: String(b.members.citizen.id) }, roles(LOGIN, 403, 400)),
      post(
        "/admin/residents",
        {
          intent: "census",
          validUntil: "2099-01-01",
          organizationId: String(b.org.id),
          file: new File(["nom;prenoms;date_naissance\nDUBOIS;Angela;24/08/1962\n"], "recensement.csv", { type: "text/csv" }),
        },
        roles(LOGIN, 403, 200),
        {
          multipart: true,
          check: async (viewer) => {
            if (viewer !== "admin") return [];
            const rows = await sql`select organization_id from census_entries where organization_id in (${a.org.id}, ${b.org.id})`;
            return rows.every((r) => Number(r.organization_id) === a.org.id) && rows.length > 0 ? [] : ["the census was not imported in A only"];
          },
        },
      ),
    ],
  }),
  "admin.settings": (a, b) => ({
    loader: [get("/admin/settings", ADMIN_PAGE, { showsOwn: ["admin"] })],
    action: [
      post(
        "/admin/settings",
        { name: a.org.name, defaultLocale: "fr", primaryColor: "#000091", reportThreshold: "4", organizationId: String(b.org.id), id: String(b.org.id), host: b.org.host },
        ADMIN_PAGE,
      ),
      post("/admin/settings", { intent: "map", mapStyleUrl: "", mapCenterLng: "2,35", mapCenterLat: "48,85", mapZoom: "13", organizationId: String(b.org.id) }, ADMIN_PAGE),
      // The identity is A's, whatever organization the form names; B's untouched.
      post(
        "/admin/settings",
        { intent: "identity", "footerLinks[0].label": `${a.marker}Site`, "footerLinks[0].href": "https://mairie.example", organizationId: String(b.org.id) },
        ADMIN_PAGE,
        {
          check: async () => {
            const [row] = await sql`select footer_links from organizations where id = ${b.org.id}`;
            return JSON.stringify(row?.footer_links ?? []).includes(a.marker) ? ["B's footer links changed"] : [];
          },
        },
      ),
    ],
  }),

  comments: (a, b) => ({
    loader: [get("/comments", all(200))],
    action: [
      post("/comments", { intent: "create", targetType: "project", targetId: String(b.published.id), body: "Bonjour", alignment: "neutral" }, MEMBERS_404),
      post("/comments", { intent: "create", targetType: "proposal", targetId: String(b.proposal.id), body: "Bonjour", alignment: "for" }, MEMBERS_404),
      post("/comments", { intent: "create", targetType: "debate", targetId: String(b.debate.id), body: "Bonjour" }, MEMBERS_404),
      // A's own proposal, answering B's comment.
      post("/comments", { intent: "create", targetType: "proposal", targetId: String(a.proposal.id), parentId: String(b.comments.onProposal), body: "Bonjour" }, MEMBERS_404),
      // A refused form must not answer with B's target (its title, its path).
      post("/comments", { intent: "create", targetType: "proposal", targetId: String(b.proposal.id), body: "" }, MEMBERS_404),
      post("/comments", { intent: "edit", commentId: String(b.comments.reply), body: "Modifié" }, MEMBERS_404),
      post("/comments", { intent: "edit", commentId: String(b.comments.reply), body: "" }, MEMBERS_404),
      post("/comments", { intent: "delete", commentId: String(b.comments.reply) }, MEMBERS_404),
      post("/comments", { intent: "delete", commentId: String(b.comments.onProject) }, MEMBERS_404),
    ],
  }),

  "confirm-email.resend": (_a, b) => ({
    loader: [get("/confirm-email/resend", all("redirect:/confirm-email"))],
    action: [post("/confirm-email/resend", { userId: String(b.members.unconfirmed.id) }, roles(LOGIN, "redirect:/confirm-email?status=already", "redirect:/confirm-email?status=already"))],
  }),
  "confirm-email": (_a, b) => ({
    loader: [
      get(`/confirm-email?token=${encodeURIComponent(b.confirmToken)}`, all(400)),
      get(`/confirm-email?token=${encodeURIComponent(b.resetToken)}`, all(400)),
      get("/confirm-email?status=confirmed", all(200)),
    ],
  }),
  "forgot-password": (a, b) => ({
    loader: [get("/forgot-password", all(200))],
    action: [
      post("/forgot-password", { email: b.members.citizen.email }, all(200), {
        check: async () => ((await mailsTo(b.members.citizen.email, a.org.id)).length > 0 ? ["A sent a reset link to B's member"] : []),
      }),
    ],
  }),
  "auth.oidc.$provider.login": (a, b) => ({
    loader: [
      get(`/auth/oidc/${b.provider.slug}/login`, all(404), { params: { provider: b.provider.slug } }),
      // A's own provider, whose secret no key opens here: a clear 503, nothing else.
      get(`/auth/oidc/${a.provider.slug}/login`, roles(503, "redirect:/account", "redirect:/account"), { params: { provider: a.provider.slug } }),
    ],
  }),
  "auth.oidc.$provider.callback": (a, b) => ({
    loader: [
      get(`/auth/oidc/${b.provider.slug}/callback?code=c&state=s`, all(404), { params: { provider: b.provider.slug } }),
      get(`/auth/oidc/${a.provider.slug}/callback?code=c&state=s`, all(400), { params: { provider: a.provider.slug } }),
    ],
  }),
  "auth.oidc.link": (_a, b) => ({
    loader: [get("/auth/oidc/link", all(400))],
    action: [post("/auth/oidc/link", { password: TEST_PASSWORD, userId: String(b.members.citizen.id) }, all(400))],
  }),
  "auth.oidc.logged-out": () => ({ loader: [get("/auth/oidc/logged-out?state=s", all("redirect:/"))] }),
  lang: (_a, b) => ({
    loader: [get("/lang", all("redirect:/"))],
    action: [post("/lang", { locale: "fr", redirectTo: "/", userId: String(b.members.citizen.id) }, all("redirect:/"))],
  }),
  login: (_a, b) => ({
    loader: [get("/login", roles(200, "redirect:/account", "redirect:/account"))],
    action: [
      post("/login", { email: b.members.citizen.email, password: TEST_PASSWORD, redirectTo: "/" }, roles(400, "redirect:/account", "redirect:/account")),
      post("/login", { email: b.members.admin.email, password: TEST_PASSWORD, redirectTo: "/admin" }, roles(400, "redirect:/account", "redirect:/account")),
    ],
  }),
  logout: () => ({ loader: [get("/logout", all("redirect:/"))], action: [post("/logout", {}, all("redirect:/"))] }),

  "manage._index": () => ({ loader: [get("/manage", ADMIN_PAGE, { showsOwn: ["admin"] })] }),
  "manage.participation[.]csv": () => ({ loader: [get("/manage/participation.csv", ADMIN_PAGE, { showsOwn: ["admin"] })] }),
  "manage.projects.$id._index": (a, b) => ({
    loader: [
      get(`/manage/projects/${b.published.id}`, ADMINS_404, { params: { id: String(b.published.id) } }),
      get(`/manage/projects/${b.draft.id}?notice=saved`, ADMINS_404, { params: { id: String(b.draft.id) } }),
    ],
    action: [
      post(`/manage/projects/${b.draft.id}`, { intent: "publish" }, ADMINS_404, { params: { id: String(b.draft.id) } }),
      post(`/manage/projects/${b.published.id}`, { intent: "archive" }, ADMINS_404, { params: { id: String(b.published.id) } }),
      post(`/manage/projects/${b.published.id}`, projectForm(a, b), ADMINS_404, { params: { id: String(b.published.id) }, multipart: true }),
      // A's own draft, asked to drop B's document and to take B's image into its body.
      post(`/manage/projects/${a.draft.id}`, projectForm(a, b, { removeDocuments: String(b.documentId) }), roles(LOGIN, 403, `redirect:/manage/projects/${a.draft.id}`), {
        params: { id: String(a.draft.id) },
        multipart: true,
      }),
      post(
        `/manage/projects/${a.draft.id}`,
        projectForm(a, b, { body: doc(para("Image"), { type: "image", attrs: { src: `/uploads/${b.image.keys[0]}`, alt: "Plan" } }) }),
        roles(LOGIN, 403, 400),
        { params: { id: String(a.draft.id) }, multipart: true },
      ),
    ],
  }),
  "manage.projects.$id.consultations._index": (a, b) => ({
    loader: [
      get(`/manage/projects/${b.published.id}/consultations`, ADMINS_404, { params: { id: String(b.published.id) } }),
      get(`/manage/projects/${a.published.id}/consultations`, ADMIN_PAGE, { params: { id: String(a.published.id) }, showsOwn: ["admin"] }),
    ],
    action: [
      post(
        `/manage/projects/${b.published.id}/consultations`,
        { title: "Une consultation", description: "", opensAt: "2030-01-01T09:00", closesAt: "2030-01-10T18:00", eligibility: "members", secrecy: "secret", resultsVisibility: "live" },
        ADMINS_404,
        { params: { id: String(b.published.id) } },
      ),
    ],
  }),
  "manage.projects.$id.consultations.$cid": (a, b) => {
    const onB = { params: { id: String(b.published.id), cid: String(b.consultation.id) } };
    const mixed = { params: { id: String(a.published.id), cid: String(b.consultation.id) } };
    const own = { params: { id: String(a.published.id), cid: String(a.consultation.id) } };
    const pathB = `/manage/projects/${b.published.id}/consultations/${b.consultation.id}`;
    const pathMixed = `/manage/projects/${a.published.id}/consultations/${b.consultation.id}`;
    const pathOwn = `/manage/projects/${a.published.id}/consultations/${a.consultation.id}`;
    const settings = { title: "Titre", description: "", opensAt: "2030-01-01T09:00", closesAt: "2030-01-10T18:00", eligibility: "members", secrecy: "secret", resultsVisibility: "live" };
    return {
      loader: [get(pathB, ADMINS_404, onB), get(pathMixed, ADMINS_404, mixed), get(pathOwn, ADMIN_PAGE, { ...own, showsOwn: ["admin"] })],
      action: [
        ...([
          { intent: "settings", ...settings },
          { intent: "question", title: "Une question", method: "single" },
          { intent: "option", questionId: String(b.consultation.questionId), label: "Un choix" },
          { intent: "removeQuestion", questionId: String(b.consultation.questionId) },
          { intent: "removeOption", optionId: String(b.consultation.optionIds[0]) },
          { intent: "open" },
          { intent: "extend", closesAt: "2031-01-01T18:00" },
          { intent: "close" },
          { intent: "publish" },
        ] as Record<string, FormValue>[]).flatMap((form) => [post(pathB, form, ADMINS_404, onB), post(pathMixed, form, ADMINS_404, mixed)]),
        // A's own consultation naming B's question and option.
        post(pathOwn, { intent: "option", questionId: String(b.consultation.questionId), label: "Un choix" }, ADMINS_404, own),
        post(pathOwn, { intent: "removeQuestion", questionId: String(b.consultation.questionId) }, ADMINS_404, own),
        post(pathOwn, { intent: "removeOption", optionId: String(b.consultation.optionIds[0]) }, ADMINS_404, own),
      ],
    };
  },
  "manage.projects.$id.preview": (_a, b) => ({
    loader: [
      get(`/manage/projects/${b.published.id}/preview`, ADMINS_404, { params: { id: String(b.published.id) } }),
      get(`/manage/projects/${b.draft.id}/preview`, ADMINS_404, { params: { id: String(b.draft.id) } }),
    ],
  }),
  "manage.projects.$id.scenes._index": (a, b) => ({
    loader: [
      get(`/manage/projects/${b.published.id}/scenes`, ADMINS_404, { params: { id: String(b.published.id) } }),
      get(`/manage/projects/${a.published.id}/scenes`, ADMIN_PAGE, { params: { id: String(a.published.id) }, showsOwn: ["admin"] }),
    ],
    action: [
      post(`/manage/projects/${b.published.id}/scenes`, { intent: "scene-create", title: `${a.marker}Scène` }, ADMINS_404, { params: { id: String(b.published.id) }, multipart: true }),
      post(`/manage/projects/${a.published.id}/scenes`, { intent: "scene-create", title: `${a.marker}Scène`, organizationId: String(b.org.id) }, roles(LOGIN, 403, `redirect:/manage/projects/${a.published.id}/scenes/`), {
        params: { id: String(a.published.id) },
        multipart: true,
      }),
    ],
  }),
  "manage.projects.$id.scenes.$sceneId": (a, b) => {
    const own = { id: String(a.published.id), sceneId: String(a.scene.id) };
    const path = `/manage/projects/${a.published.id}/scenes/${a.scene.id}`;
    const coordinates = { cameraX: "0", cameraY: "1,6", cameraZ: "10", targetX: "0", targetY: "1.6", targetZ: "0" };
    return {
      loader: [
        get(`/manage/projects/${b.published.id}/scenes/${b.scene.id}`, ADMINS_404, { params: { id: String(b.published.id), sceneId: String(b.scene.id) } }),
        // B's scene under A's project.
        get(`/manage/projects/${a.published.id}/scenes/${b.scene.id}`, ADMINS_404, { params: { id: String(a.published.id), sceneId: String(b.scene.id) } }),
        get(path, ADMIN_PAGE, { params: own, showsOwn: ["admin"] }),
      ],
      action: [
        post(`/manage/projects/${a.published.id}/scenes/${b.scene.id}`, { intent: "scene-edit", title: `${a.marker}Scène` }, ADMINS_404, {
          params: { id: String(a.published.id), sceneId: String(b.scene.id) },
          multipart: true,
        }),
        post(path, { intent: "variant-edit", variantId: String(b.scene.variantId), title: `${a.marker}Variante`, description: "Texte" }, ADMINS_404, { params: own, multipart: true }),
        post(path, { intent: "variant-add", title: `${a.marker}Variante B`, description: "Texte", sceneId: String(b.scene.id) }, roles(LOGIN, 403, `redirect:${path}`), {
          params: own,
          multipart: true,
        }),
        post(path, { intent: "poster", variantId: String(b.scene.variantId), poster: kiosquePng, posterAlt: "Affiche" }, ADMINS_404, { params: own, multipart: true }),
        post(path, { intent: "model", variantId: String(b.scene.variantId), model: new File([new Uint8Array([0x67, 0x6c, 0x54, 0x46])], "m.glb") }, ADMINS_404, {
          params: own,
          multipart: true,
        }),
        post(path, { intent: "viewpoint-add", variantId: String(b.scene.variantId), name: "Vue", caption: "Légende", ...coordinates }, ADMINS_404, { params: own, multipart: true }),
        post(path, { intent: "viewpoint-edit", variantId: String(a.scene.variantId), viewpointId: String(b.scene.viewpointId), name: "Vue", caption: "Légende", ...coordinates }, ADMINS_404, {
          params: own,
          multipart: true,
        }),
        post(path, { intent: "viewpoint-remove", variantId: String(a.scene.variantId), viewpointId: String(b.scene.viewpointId) }, ADMINS_404, { params: own, multipart: true }),
        post(path, { intent: "still", variantId: String(a.scene.variantId), viewpointId: String(b.scene.viewpointId), still: kiosquePng }, ADMINS_404, { params: own, multipart: true }),
      ],
    };
  },
  "manage.projects.$id.scenes.$sceneId_.model": (a, b) => ({
    loader: [get(`/manage/projects/${a.published.id}/scenes/${a.scene.id}/model`, all(404), { params: { id: String(a.published.id), sceneId: String(a.scene.id) } })],
    action: [
      post(
        `/manage/projects/${a.published.id}/scenes/${a.scene.id}/model`,
        { intent: "model", variantId: String(b.scene.variantId), model: new File([new Uint8Array([0x67, 0x6c, 0x54, 0x46])], "m.glb") },
        ADMINS_404,
        { params: { id: String(a.published.id), sceneId: String(a.scene.id) }, multipart: true },
      ),
    ],
  }),
  "manage.projects._index": () => ({ loader: [get("/manage/projects", ADMIN_PAGE, { showsOwn: ["admin"] })] }),
  "manage.projects.new": (a, b) => ({
    loader: [get("/manage/projects/new", ADMIN_PAGE)],
    action: [
      post(
        "/manage/projects/new",
        projectForm(a, b, { body: doc({ type: "image", attrs: { src: `/uploads/${b.image.keys[0]}`, alt: "Plan" } }) }),
        roles(LOGIN, 403, 400),
        { multipart: true },
      ),
      post("/manage/projects/new", projectForm(a, b, { title: `${a.marker}Nouveau projet` }), roles(LOGIN, 403, "redirect:/manage/projects/"), {
        multipart: true,
        check: async (viewer, outcome) => {
          if (viewer !== "admin") return [];
          const id = Number(/\/manage\/projects\/(\d+)/.exec(outcome.location ?? "")?.[1]);
          const [row] = await sql`select organization_id from projects where id = ${id}`;
          return Number(row?.organization_id) === a.org.id ? [] : [`project ${id} was not created in A`];
        },
      }),
    ],
  }),

  "moderation._index": (_a, b) => ({
    loader: [get("/moderation", ADMIN_PAGE, { showsOwn: ["admin"] }), get("/moderation?state=hidden", ADMIN_PAGE, { showsOwn: ["admin"] })],
    action: [
      post("/moderation", { intent: "block", userId: String(b.members.citizen.id), reason: "Insultes", itemId: String(b.moderations.pending) }, ADMINS_404),
      post("/moderation", { intent: "hide", moderationId: String(b.moderations.pending), round: "1", reason: "Insultant" }, ADMINS_404),
      post("/moderation", { intent: "dismiss", moderationId: String(b.moderations.pending), round: "1", reason: "Rien à redire" }, ADMINS_404),
      post("/moderation", { intent: "restore", moderationId: String(b.moderations.hidden), round: "1", reason: "Erreur" }, ADMINS_404),
      // B's items in a bulk decision: none decided (409 for those who moderate), B's queue untouched.
      post("/moderation", { intent: "bulk-hide", items: `${b.moderations.pending}:1`, reason: "Spam" }, roles(LOGIN, 403, 409), {
        check: async () => {
          const [row] = await sql`select state from moderations where id = ${b.moderations.pending}`;
          return row?.state === "pending" ? [] : ["B's item was decided"];
        },
      }),
      post("/moderation", { intent: "bulk-dismiss", items: `${b.moderations.pending}:1`, reason: "Spam" }, roles(LOGIN, 403, 409)),
    ],
  }),
  "moderation.blocked": (_a, b) => ({
    loader: [get("/moderation/blocked", ADMIN_PAGE, { showsOwn: ["admin"] })],
    action: [post("/moderation/blocked", { intent: "unblock", userId: String(b.members.blocked.id), reason: "Fin" }, ADMINS_404)],
  }),
  "notifications._index": (_a, b) => ({
    loader: [get("/notifications", MEMBER_PAGE, { showsOwn: LOGGED_IN }), get("/notifications?page=2", MEMBER_PAGE)],
    action: [
      post("/notifications", { intent: "open", id: String(b.notificationId) }, MEMBERS_404),
      post("/notifications", { intent: "readAll", userId: String(b.members.citizen.id) }, MEMBER_PAGE),
    ],
  }),
  "open-data.$file": () => ({
    loader: [
      ...["projects.csv", "projects.json", "proposals.csv", "proposals.json"].map((file) =>
        get(`/open-data/${file}`, all(200), { params: { file }, showsOwn: EVERYONE }),
      ),
      get("/open-data/users.csv", all(404), { params: { file: "users.csv" } }),
    ],
  }),
  "open-data._index": () => ({ loader: [get("/open-data", all(200), { showsOwn: EVERYONE })] }),

  "projects.$slug": (a, b) => ({
    loader: [
      get(`/projects/${b.published.slug}`, all(404), { params: { slug: b.published.slug } }),
      get(`/projects/${b.draft.slug}`, all(404), { params: { slug: b.draft.slug } }),
      get(`/projects/${a.published.slug}`, all(200), { params: { slug: a.published.slug }, showsOwn: EVERYONE }),
    ],
    action: [
      post(`/projects/${b.published.slug}`, { intent: "follow" }, MEMBERS_404, { params: { slug: b.published.slug } }),
      post(`/projects/${b.published.slug}`, { intent: "unfollow" }, MEMBERS_404, { params: { slug: b.published.slug } }),
    ],
  }),
  "projects.$slug._index": (a, b) => ({
    loader: [
      get(`/projects/${b.published.slug}`, all(404), { params: { slug: b.published.slug } }),
      get(`/projects/${b.archived.slug}`, all(404), { params: { slug: b.archived.slug } }),
      get(`/projects/${b.draft.slug}`, all(404), { params: { slug: b.draft.slug } }),
      // A's project, with B's comment asked for in focus.
      get(`/projects/${a.published.slug}?comments=f.${b.comments.onProject}`, all(200), { params: { slug: a.published.slug }, showsOwn: EVERYONE }),
    ],
  }),
  "projects.$slug.consultations.$id": (a, b) => {
    const onA = { params: { slug: a.published.slug, id: String(b.consultation.id) } };
    const onB = { params: { slug: b.published.slug, id: String(b.consultation.id) } };
    const own = { params: { slug: a.published.slug, id: String(a.consultation.id) } };
    const ballotB = { intent: "vote", [`q${b.consultation.questionId}`]: String(b.consultation.optionIds[0]) };
    return {
      loader: [
        get(`/projects/${a.published.slug}/consultations/${b.consultation.id}`, all(404), onA),
        get(`/projects/${b.published.slug}/consultations/${b.consultation.id}`, all(404), onB),
        get(`/projects/${a.published.slug}/consultations/${a.consultation.id}`, all(200), { ...own, showsOwn: EVERYONE }),
      ],
      action: [
        post(`/projects/${a.published.slug}/consultations/${b.consultation.id}`, ballotB, MEMBERS_404, onA),
        post(`/projects/${b.published.slug}/consultations/${b.consultation.id}`, ballotB, MEMBERS_404, onB),
        // A's own consultation, with B's question and option: nothing of B is read or written.
        post(`/projects/${a.published.slug}/consultations/${a.consultation.id}`, ballotB, roles(LOGIN, 400, 400), own),
        post(
          `/projects/${a.published.slug}/consultations/${a.consultation.id}`,
          { intent: "vote", [`q${a.consultation.questionId}`]: String(b.consultation.optionIds[0]) },
          roles(LOGIN, 400, 400),
          own,
        ),
      ],
    };
  },
  "projects.$slug.consultations.$id_.results": (a, b) => ({
    loader: [
      get(`/projects/${a.published.slug}/consultations/${b.consultation.id}/results`, all(404), { params: { slug: a.published.slug, id: String(b.consultation.id) } }),
      get(`/projects/${b.published.slug}/consultations/${b.consultation.id}/results`, all(404), { params: { slug: b.published.slug, id: String(b.consultation.id) } }),
      get(`/projects/${a.published.slug}/consultations/${a.consultation.id}/results?receipt=0123456789ABCDEFGHJKMNPQ`, all(200), {
        params: { slug: a.published.slug, id: String(a.consultation.id) },
        showsOwn: EVERYONE,
      }),
    ],
  }),
  "projects.$slug.scenes.$id": (a, b) => ({
    loader: [
      // B's scene, under B's project or A's: not found.
      get(`/projects/${b.published.slug}/scenes/${b.scene.id}`, all(404), { params: { slug: b.published.slug, id: String(b.scene.id) } }),
      get(`/projects/${a.published.slug}/scenes/${b.scene.id}`, all(404), { params: { slug: a.published.slug, id: String(b.scene.id) } }),
      // A's scene asked with B's variant and B's comment in focus: A's own variant, nothing of B.
      get(`/projects/${a.published.slug}/scenes/${a.scene.id}?variant=${b.scene.variantId}&comments=f.${b.scene.commentId}`, all(200), {
        params: { slug: a.published.slug, id: String(a.scene.id) },
        showsOwn: EVERYONE,
      }),
    ],
  }),
  "projects.$slug.consultations.$id_.export.$format": (a, b) => ({
    loader: [
      get(`/projects/${a.published.slug}/consultations/${b.consultation.id}/export/csv`, all(404), { params: { slug: a.published.slug, id: String(b.consultation.id), format: "csv" } }),
      get(`/projects/${b.published.slug}/consultations/${b.consultation.id}/export/json`, all(404), { params: { slug: b.published.slug, id: String(b.consultation.id), format: "json" } }),
      ...(["csv", "json"] as const).map((format) =>
        get(`/projects/${a.published.slug}/consultations/${a.consultation.id}/export/${format}`, all(200), {
          params: { slug: a.published.slug, id: String(a.consultation.id), format },
          showsOwn: EVERYONE,
        }),
      ),
    ],
  }),
  "projects.$slug.variants.$id": (a, b) => ({
    loader: [
      get(`/projects/${a.published.slug}/variants/${b.scene.variantId}`, all(404), { params: { slug: a.published.slug, id: String(b.scene.variantId) } }),
      get(`/projects/${b.published.slug}/variants/${b.scene.variantId}`, all(404), { params: { slug: b.published.slug, id: String(b.scene.variantId) } }),
      get(`/projects/${a.published.slug}/variants/${a.scene.variantId}`, all(`redirect:/projects/${a.published.slug}/scenes/${a.scene.id}?variant=${a.scene.variantId}`), {
        params: { slug: a.published.slug, id: String(a.scene.variantId) },
      }),
    ],
  }),
  "projects.$slug.debates.$id": (a, b) => ({
    loader: [
      get(`/projects/${b.published.slug}/debates/${b.debate.id}`, all(404), { params: { slug: b.published.slug, id: String(b.debate.id) } }),
      get(`/projects/${a.published.slug}/debates/${b.debate.id}`, all(404), { params: { slug: a.published.slug, id: String(b.debate.id) } }),
      get(`/projects/${a.published.slug}/debates/${a.debate.id}?comments=f.${b.comments.onDebate}`, all(200), {
        params: { slug: a.published.slug, id: String(a.debate.id) },
        showsOwn: EVERYONE,
      }),
    ],
    action: [
      post(`/projects/${a.published.slug}/debates/${b.debate.id}`, { intent: "close", conclusion: "Merci à tous." }, ADMINS_404, {
        params: { slug: a.published.slug, id: String(b.debate.id) },
      }),
      post(`/projects/${b.published.slug}/debates/${b.debate.id}`, { intent: "close", conclusion: "Merci à tous." }, ADMINS_404, {
        params: { slug: b.published.slug, id: String(b.debate.id) },
      }),
    ],
  }),
  "projects.$slug.debates._index": (a, b) => ({
    loader: [
      get(`/projects/${b.published.slug}/debates`, all(404), { params: { slug: b.published.slug } }),
      get(`/projects/${a.published.slug}/debates?after=${b.debate.id + 1}`, all(200), { params: { slug: a.published.slug }, showsOwn: EVERYONE }),
    ],
  }),
  "projects.$slug.debates.new": (_a, b) => ({
    loader: [get(`/projects/${b.published.slug}/debates/new`, ADMINS_404, { params: { slug: b.published.slug } })],
    action: [
      post(`/projects/${b.published.slug}/debates/new`, { title: "Une question ?", description: "Un contexte." }, ADMINS_404, { params: { slug: b.published.slug } }),
    ],
  }),
  "projects.$slug.proposals.$id.edit": (a, b) => ({
    loader: [
      get(`/projects/${a.published.slug}/proposals/${b.freshProposal.id}/edit`, MEMBERS_404, { params: { slug: a.published.slug, id: String(b.freshProposal.id) } }),
      get(`/projects/${b.published.slug}/proposals/${b.freshProposal.id}/edit`, all(404), { params: { slug: b.published.slug, id: String(b.freshProposal.id) } }),
    ],
    action: [
      post(`/projects/${a.published.slug}/proposals/${b.freshProposal.id}/edit`, { title: "Titre modifié", body: "Texte modifié", bodyFormat: "plain" }, MEMBERS_404, {
        params: { slug: a.published.slug, id: String(b.freshProposal.id) },
      }),
      post(`/projects/${b.published.slug}/proposals/${b.freshProposal.id}/edit`, { title: "Titre modifié", body: "Texte modifié", bodyFormat: "plain" }, all(404), {
        params: { slug: b.published.slug, id: String(b.freshProposal.id) },
      }),
    ],
  }),
  "projects.$slug.proposals.$id": (a, b) => {
    const onA = { params: { slug: a.published.slug, id: String(b.proposal.id) } };
    const onAFresh = { params: { slug: a.published.slug, id: String(b.freshProposal.id) } };
    const onB = { params: { slug: b.published.slug, id: String(b.proposal.id) } };
    const pathA = `/projects/${a.published.slug}/proposals/${b.proposal.id}`;
    const pathB = `/projects/${b.published.slug}/proposals/${b.proposal.id}`;
    return {
      loader: [
        get(pathA, all(404), onA),
        get(pathB, all(404), onB),
        get(`/projects/${a.published.slug}/proposals/${b.hiddenProposal.id}`, all(404), { params: { slug: a.published.slug, id: String(b.hiddenProposal.id) } }),
        get(`/projects/${a.published.slug}/proposals/${a.proposal.id}?comments=f.${b.comments.onProposal}`, all(200), {
          params: { slug: a.published.slug, id: String(a.proposal.id) },
          showsOwn: EVERYONE,
        }),
      ],
      action: [
        post(pathA, { intent: "support", support: "on" }, MEMBERS_404, onA),
        post(pathA, { intent: "support", support: "off" }, MEMBERS_404, onA),
        post(`/projects/${a.published.slug}/proposals/${b.freshProposal.id}`, { intent: "withdraw" }, MEMBERS_404, onAFresh),
        post(pathA, { intent: "answer", status: "accepted", answer: "Accepté." }, ADMINS_404, onA),
        post(pathA, { intent: "unknown" }, all(400), onA),
        post(pathB, { intent: "support", support: "on" }, all(404), onB),
        post(pathB, { intent: "withdraw" }, all(404), onB),
        post(pathB, { intent: "answer", status: "rejected", answer: "Non." }, roles(404, 404, 404), onB),
      ],
    };
  },
  "projects.$slug.proposals._index": (a, b) => ({
    loader: [
      get(`/projects/${b.published.slug}/proposals`, all(404), { params: { slug: b.published.slug } }),
      get(`/projects/${a.published.slug}/proposals?sort=supported&after=${encodeURIComponent(`5.${b.proposal.id + 1}`)}`, all(200), {
        params: { slug: a.published.slug },
        showsOwn: EVERYONE,
      }),
      get(`/projects/${a.published.slug}/proposals?sort=newest&after=${b.freshProposal.id + 1}`, all(200), { params: { slug: a.published.slug }, showsOwn: EVERYONE }),
      get(`/projects/${a.published.slug}/proposals?sort=random&seed=0123abcd`, all(200), { params: { slug: a.published.slug }, showsOwn: EVERYONE }),
    ],
  }),
  "projects.$slug.proposals.new": (_a, b) => ({
    loader: [get(`/projects/${b.published.slug}/proposals/new`, all(404), { params: { slug: b.published.slug } })],
    action: [
      post(`/projects/${b.published.slug}/proposals/new`, { title: "Une idée", body: "Plus de bancs.", bodyFormat: "plain" }, all(404), {
        params: { slug: b.published.slug },
      }),
    ],
  }),

  report: (_a, b) => ({
    loader: [
      get(`/report?type=proposal&id=${b.proposal.id}`, MEMBERS_404),
      get(`/report?type=comment&id=${b.comments.onDebate}`, MEMBERS_404),
      get(`/report?type=debate&id=${b.debate.id}`, MEMBERS_404),
    ],
    action: (
      [
        ["proposal", b.proposal.id],
        ["comment", b.comments.onProposal],
        ["debate", b.debate.id],
      ] as const
    ).map(([type, id]) => post("/report", { targetType: type, targetId: String(id), reason: "spam", details: "Publicité", redirectTo: "/" }, MEMBERS_404)),
  }),
  "reset-password": (_a, b) => ({
    loader: [get(`/reset-password?token=${encodeURIComponent(b.resetToken)}`, all(400))],
    action: [
      post("/reset-password", { token: b.resetToken, password: "a brand new password 2026", passwordConfirm: "a brand new password 2026" }, all(400)),
      post("/reset-password", { token: b.confirmToken, password: "a brand new password 2026", passwordConfirm: "a brand new password 2026" }, all(400)),
    ],
  }),
  search: (a, b) => ({
    loader: [
      get(`/search?q=${b.word}`, all(200), {
        check: async (_viewer, outcome) => (json<{ total: number }>(outcome).total === 0 ? [] : ["B's word found on A"]),
      }),
      get(`/search?q=kiosque`, all(200), {
        showsOwn: EVERYONE,
        check: async (_viewer, outcome) => {
          const hits = json<{ hits: { id: number; type: string }[] }>(outcome).hits;
          const bIds = new Set([`project:${b.published.id}`, `project:${b.archived.id}`, `proposal:${b.proposal.id}`, `proposal:${b.freshProposal.id}`]);
          return hits.some((h) => bIds.has(`${h.type}:${h.id}`)) ? ["B's project or proposal found on A"] : [];
        },
      }),
      get(`/search?q=${a.word}&page=2`, all(200)),
    ],
  }),
  signup: (a, b) => ({
    loader: [get("/signup", roles(200, "redirect:/account", "redirect:/account")), get("/signup?sent=1", all(200))],
    action: [
      // B's member signs up on A: a new account of A, and the mail says so (not "you already have an account").
      post(
        "/signup",
        { name: `${a.marker}nouvelle`, email: b.members.aidant.email, password: "un mot de passe solide 2026", passwordConfirm: "un mot de passe solide 2026", terms: "on" },
        roles("redirect:/signup?sent=1", "redirect:/account", "redirect:/account"),
        {
          check: async (viewer) => {
            if (viewer !== "anonymous") return [];
            const [account] = await sql`select 1 from users where organization_id = ${a.org.id} and email = ${b.members.aidant.email}`;
            const mails = await mailsTo(b.members.aidant.email, a.org.id);
            const problems: string[] = [];
            if (!account) problems.push("no account created in A");
            if (mails.length !== 1 || !String(mails[0]!.text_body).includes("/confirm-email?token=")) problems.push("A's mail is not a confirmation link");
            return problems;
          },
        },
      ),
    ],
  }),
  "system._index": () => ({
    loader: [get("/system", roles(LOGIN, 403, 403))],
    action: [post("/system", { host: "nouvelle.test", name: "Nouvelle" }, roles(LOGIN, 403, 403))],
  }),
  "uploads.$": (a, b) => ({
    loader: [
      ...[...b.image.keys, b.pdf.key].map((key) => get(`/uploads/${key}`, all(404), { params: { "*": key } })),
      // B's file name under A's folder.
      get(`/uploads/${a.org.id}/${b.pdf.key.split("/")[1]}`, all(404), { params: { "*": `${a.org.id}/${b.pdf.key.split("/")[1]}` } }),
      get(`/uploads/${a.pdf.key}`, all(200), { params: { "*": a.pdf.key } }),
    ],
  }),
  uploads: (a, b) => ({
    loader: [get("/uploads", all(405))],
    action: [
      post("/uploads", { file: kiosquePng, organizationId: String(b.org.id), alt: "Plan du kiosque" }, roles(401, 403, 201), {
        multipart: true,
        check: async (viewer, outcome) =>
          viewer === "admin" && !json<{ url: string }>(outcome).url.startsWith(`/uploads/${a.org.id}/`) ? ["the image was not stored as A's"] : [],
      }),
    ],
  }),
};

/** Intents a route's action reads, as its source and its schemas name them. */
function intentsOf(name: string): string[] {
  const source = fs.readFileSync(routePaths[name]!, "utf8");
  const server = source.split(/^export default function/m)[0]!;
  const found = new Set<string>();
  for (const m of server.matchAll(/intent["')]*\s*[!=]==\s*"([\w-]+)"/g)) found.add(m[1]!);
  for (const m of server.matchAll(/intent:\s*z\.literal\("([\w-]+)"\)/g)) found.add(m[1]!);
  const declared: Record<string, readonly string[]> = {
    account: ACCOUNT_INTENTS,
    comments: CommentActionSchema.options.map((o) => o.shape.intent.value),
    "manage.projects.$id._index": ProjectActionSchema.shape.intent.removeDefault().options,
    "moderation._index": [...DECISIONS, "block", ...BulkDecisionSchema.shape.intent.options],
    "manage.projects.$id.scenes.$sceneId": SCENE_INTENTS.filter((i) => i !== "scene-create"),
    "moderation.blocked": [UnblockSchema.shape.intent.value],
    "projects.$slug": FollowSchema.shape.intent.options,
    "projects.$slug.debates.$id": [CloseDebateSchema.shape.intent.value],
  };
  for (const intent of declared[name] ?? []) found.add(intent);
  return [...found].sort();
}

function intentsCalled(calls: RouteCall[]): Set<string> {
  return new Set(calls.map((c) => c.form?.intent).filter((i): i is string => typeof i === "string"));
}

// ---- running a case ----

function memberOf(viewer: Viewer): Member | null {
  return viewer === "anonymous" ? null : a.members[viewer];
}

async function runCall(handler: Handler, call: RouteCall, kind: "loader" | "action"): Promise<string[]> {
  const problems: string[] = [];
  for (const viewer of VIEWERS) {
    const where = `${kind} ${call.label} as ${viewer}`;
    let outcome: Outcome;
    try {
      outcome = await invoke(handler, a.org, memberOf(viewer), call);
    } catch (error) {
      problems.push(`${where}: threw ${error instanceof Error ? error.stack : String(error)}`);
      continue;
    }
    const expected = call.expect[viewer];
    if (!matches(expected, outcome)) problems.push(`${where}: expected ${expected}, got ${describeOutcome(outcome)}`);
    const leaks = leaksIn(outcome, call, b.secrets);
    if (leaks.length > 0) problems.push(`${where}: shows B's ${leaks.join(", ")}`);
    if (call.showsOwn?.includes(viewer) && !outcome.body.toLowerCase().includes(a.marker.toLowerCase())) {
      problems.push(`${where}: shows nothing of A (the case proves nothing)`);
    }
    if (call.check) problems.push(...(await call.check(viewer, outcome)).map((p) => `${where}: ${p}`));
    const changed = changedParts(bBefore, await fingerprintOfB());
    if (changed.length > 0) {
      problems.push(`${where}: changed B's ${changed.join(", ")}`);
      bBefore = await fingerprintOfB();
    }
  }
  return problems;
}

describe("every route is covered", () => {
  it("has a case for each route module, with its loader, its action and each intent", async () => {
    const problems: string[] = [];
    const names = Object.keys(routeFiles).sort();
    for (const name of names) {
      const builder = CASES[name];
      if (!builder) {
        problems.push(`${name}: no isolation case (add one to CASES in app/test/isolation.test.ts)`);
        continue;
      }
      const mod = await routeFiles[name]!();
      const routeCase = builder(a, b);
      if (typeof mod.loader === "function" && routeCase.loader.length === 0) problems.push(`${name}: its loader has no call`);
      if (typeof mod.loader !== "function" && routeCase.loader.length > 0) problems.push(`${name}: calls a loader the module does not have`);
      if (typeof mod.action === "function" && !routeCase.action?.length) problems.push(`${name}: its action has no call`);
      if (typeof mod.action !== "function" && routeCase.action?.length) problems.push(`${name}: calls an action the module does not have`);
      const called = intentsCalled(routeCase.action ?? []);
      for (const intent of intentsOf(name)) if (!called.has(intent)) problems.push(`${name}: intent "${intent}" is never called`);
    }
    for (const name of Object.keys(CASES)) if (!names.includes(name)) problems.push(`${name}: a case for a route that is gone`);
    expect(problems).toEqual([]);
  });

  it("fingerprints every table: each has an organization_id, or says how its rows belong to one", async () => {
    expect((await tablesWithOrganization()).untied).toEqual([]);
  });
});

describe("B's identifiers on A's host, as A's admin, citizen and visitor", () => {
  it.each(Object.keys(CASES).sort())("%s", async (name) => {
    const load = routeFiles[name];
    if (!load) throw new Error(`no route module ${name}`);
    const mod = await load();
    const routeCase = CASES[name]!(a, b);
    const problems: string[] = [];
    for (const call of routeCase.loader) problems.push(...(await runCall(mod.loader as Handler, call, "loader")));
    for (const call of routeCase.action ?? []) problems.push(...(await runCall(mod.action as Handler, call, "action")));
    expect(problems).toEqual([]);
  });

  it("root layout: A's organization and viewer only", async () => {
    const problems = await runCall(root.loader as unknown as Handler, get("/", all(200), { showsOwn: EVERYONE }), "loader");
    expect(problems).toEqual([]);
  });
});

describe("sessions, credentials and files of B on A's host", () => {
  it("treats a session token of B's member as logged out", async () => {
    for (const token of Object.values(b.sessionTokens)) {
      const context = await makeContext(a.org, { token });
      expect(context.auth).toBeNull();
      const layout = (await root.loader({ request: makeRequest("/", { host: a.org.host }), context, params: {} })) as { user: unknown };
      expect(layout.user).toBeNull();
      const account = await run(() => CASE_MODULES.account().then((m) => (m.loader as Handler)({ request: makeRequest("/account"), context, params: {} })));
      expect(account).toBeInstanceOf(Response);
      expect((account as Response).headers.get("Location")).toMatch(/^\/login\?/);
    }
    expect(changedParts(bBefore, await fingerprintOfB())).toEqual([]);
  });

  it("ignores B's session cookie in the request middleware of A's host", async () => {
    for (const token of Object.values(b.sessionTokens)) {
      const req = { headers: { cookie: `maquette_session=${token}` }, secure: false, hostname: a.org.host, ip: "10.88.0.1", socket: {} };
      const res = { locals: { org: a.org } as Record<string, unknown>, append: () => res };
      let error: unknown = "not called";
      await resolveRequestAuth("never")(req as never, res as never, (e?: unknown) => {
        error = e;
      });
      expect(error).toBeUndefined();
      expect(res.locals.auth).toBeNull();
    }
  });

  it("does not log anyone in on A with B's members' credentials", async () => {
    const login = await CASE_MODULES.login();
    for (const member of Object.values(b.members)) {
      const outcome = await invoke(login.action as Handler, a.org, null, post("/login", { email: member.email, password: TEST_PASSWORD, redirectTo: "/" }, all(400)));
      expect(outcome.status, member.email).toBe(400);
    }
    const [created] = await sql`select count(*)::int as n from sessions where organization_id = ${a.org.id} and user_id in (select id from users where organization_id = ${b.org.id})`;
    expect(created!.n).toBe(0);
    expect(changedParts(bBefore, await fingerprintOfB())).toEqual([]);
  });

  it("answers 404 on A's host for each of B's stored files, and serves A's", async () => {
    const serve = await CASE_MODULES.uploadsServe();
    for (const key of [...b.image.keys, b.pdf.key]) {
      const outcome = await invoke(serve.loader as Handler, a.org, a.members.admin, get(`/uploads/${key}`, all(404), { params: { "*": key } }));
      expect(outcome.status, key).toBe(404);
    }
    for (const key of [...a.image.keys, a.pdf.key]) {
      const outcome = await invoke(serve.loader as Handler, a.org, null, get(`/uploads/${key}`, all(200), { params: { "*": key } }));
      expect(outcome.status, key).toBe(200);
    }
  });

  it("publishes in A's open-data files A's public projects and proposals only", async () => {
    const file = await CASE_MODULES.openData();
    const outcome = await invoke(file.loader as Handler, a.org, null, get("/open-data/proposals.json", all(200), { params: { file: "proposals.json" } }));
    const rows = JSON.parse(outcome.body) as { id: number; project_id: number }[];
    const [own] = await sql`
      select count(*)::int as n from proposals pr join projects p on p.id = pr.project_id
      where pr.organization_id = ${a.org.id} and pr.hidden_at is null and p.status <> 'draft'`;
    expect(rows.length).toBe(own!.n);
    const [foreign] = await sql`select count(*)::int as n from proposals where id = any(${rows.map((r) => r.id)}::bigint[]) and organization_id <> ${a.org.id}`;
    expect(foreign!.n).toBe(0);
  });

  it("keeps socket rooms apart: tested in app/server/realtime.test.ts", () => {
    const source = fs.readFileSync("app/server/realtime.test.ts", "utf8");
    expect(source).toContain("puts sockets in their organization's room only");
    expect(source).toContain("ignores a session cookie of another organization");
  });
});

describe("after every call", () => {
  it("left B exactly as it was, and no row of A points at B's", async () => {
    expect(changedParts(bOriginal, await fingerprintOfB())).toEqual([]);
    expect(await crossOrganizationReferences()).toEqual([]);
  });
});
