// After an account is deleted, its name and its e-mail addresses appear nowhere in the database:
// a member with a distinctive name acts everywhere (signs up, confirms, logs in and fails to,
// proposes, comments, replies, reports, supports, asks for a new address, is reported, hidden
// and blocked with reasons that name them), deletes the account through the real account page,
// and then every text and JSON column of every table of the public schema is searched.
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { createComment, findCommentTarget, type ResolvedTarget } from "~/modules/comments/commands.server";
import { blockMember, decideModeration } from "~/modules/moderation/decisions.server";
import { reportContent } from "~/modules/moderation/reports.server";
import { createProject, createProposal } from "~/modules/moderation/testing.server";
import { setSupport } from "~/modules/proposals/commands.server";
import { linkIn, mailsTo, sessionTokenOf } from "~/modules/users/testing.server";
import { action as accountAction } from "~/routes/_account+/account";
import { loader as confirmLoader } from "~/routes/_account+/confirm-email";
import { action as loginAction } from "~/routes/_account+/login";
import { action as signupAction } from "~/routes/_account+/signup";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { makeContext, makeRequest, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { memberActor } from "~/modules/auth/member-actor";

const NAME = "Zéphyrin Canarddeletion";
const EMAIL = "zephyrin.canard@example.test";
const NEW_EMAIL = "zephyrin.nouveau@example.test";
const PASSWORD = "une phrase de passe assez longue";
/** What must not be found, accents and case aside. */
const NEEDLES = ["zephyrin", "canarddeletion", EMAIL, NEW_EMAIL];

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville de Testville" });
});

/** Every (table, column, needle) of the public schema whose text holds a needle. */
async function findPersonalData(): Promise<string[]> {
  const columns = await sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'tsvector')
    order by table_name, column_name`;
  expect(columns.length).toBeGreaterThan(30);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    for (const needle of NEEDLES) {
      const [hit] = await sql`
        select count(*)::int as n from ${sql(String(table))}
        where maquette_unaccent(${sql(String(column))}::text) ilike ${"%" + needle + "%"}`;
      if (Number(hit!.n) > 0) found.push(`${String(table)}.${String(column)} holds "${needle}"`);
    }
  }
  return found;
}

async function comment(target: ResolvedTarget, author: { id: number; name: string }, parentId: number | null, body: string) {
  const result = await createComment(sql, memberActor(target.organizationId, author.id, { name: author.name }), { target, parentId, body, alignment: "neutral", origin: org.origin });
  if (!result.ok) throw new Error(`comment not created: ${result.error}`);
  return result;
}

async function logIn(email: string, password: string, ip: string) {
  const context = await makeContext(org, { ip });
  return run(() => loginAction({ request: makeRequest("/login", { form: { email, password, redirectTo: "/" }, host: org.host }), context, params: {} }));
}

describe("deleting an account", () => {
  it("leaves its name and addresses nowhere in the database, and the audit chain intact", async () => {
    const moderator = await createTestUser(org.id, { role: "moderator", name: "Modératrice Une" });
    const neighbour = await createTestUser(org.id, { name: "Voisine Deux" });
    const official = await createTestUser(org.id, { role: "official", name: "Élu Trois" });

    // Signs up (a confirmation mail), and someone signs up again with the address (a warning mail).
    const signupForm = { name: NAME, email: EMAIL, password: PASSWORD, passwordConfirm: PASSWORD, terms: "on" };
    for (let i = 0; i < 2; i++) {
      const answer = await run(async () =>
        signupAction({ request: makeRequest("/signup", { form: signupForm, host: org.host }), context: await makeContext(org), params: {} }),
      );
      expect(statusOf(answer)).toBe(302);
    }
    const [mail] = await mailsTo(EMAIL);
    const confirmed = await run(async () =>
      confirmLoader({ request: makeRequest(linkIn(mail!, "/confirm-email"), { host: org.host }), context: await makeContext(org), params: {} }),
    );
    expect(statusOf(confirmed)).toBe(302);
    const [account] = await sql`select id from users where organization_id = ${org.id} and email = ${EMAIL}`;
    const me = { id: Number(account!.id), organizationId: org.id, email: EMAIL, name: NAME };

    // Logs in, and fails to once (a throttling row keyed by the address).
    const token = sessionTokenOf(await logIn(EMAIL, PASSWORD, "10.7.0.1"));
    expect(token).toBeTruthy();
    const myContext = () => makeContext(org, { token });
    expect(statusOf(await logIn(EMAIL, "pas le bon mot de passe", "10.7.0.2"))).toBe(400);

    // Contributes: a proposal, a support, comments, a reply to a neighbour, a report.
    const project = await createProject(org.id, official.id);
    const proposal = await createProposal(project, me.id, { title: "Des nichoirs pour les canards" });
    const other = await createProposal(project, neighbour.id, { title: "Un banc de plus" });
    expect(await setSupport(sql, memberActor(org.id, me.id), { projectId: project.id, proposalId: other.id, on: true })).toMatchObject({ ok: true });
    const target = (await findCommentTarget(sql, org.id, { type: "proposal", id: proposal.id }))!;
    const neighbourComment = await comment(target, neighbour, null, "Bonne idée.");
    await comment(target, me, neighbourComment.id, "Merci !");
    const myComment = await comment(target, me, null, "Et des mangeoires.");
    // A notification to them (a reply to their comment) and one about them (their reply above).
    await comment(target, neighbour, myComment.id, "D'accord.");
    const [aboutMe] = await sql`select data from notifications where user_id = ${neighbour.id} and kind = 'comment_reply'`;
    expect(aboutMe).toBeTruthy();
    expect(await reportContent(sql, {
      organizationId: org.id, reporterId: me.id, target: { type: "proposal", id: other.id }, reason: "other", details: "Déjà proposé par moi.", origin: org.origin,
    })).toMatchObject({ ok: true });

    // Asks for a new address (a link to it, a notice to the current one).
    const emailContext = await myContext();
    const email = await run(() =>
      accountAction({
        request: makeRequest("/account", { form: { intent: "email", email: NEW_EMAIL, currentPassword: PASSWORD }, host: org.host }),
        context: emailContext,
        params: {},
      }),
    );
    expect(statusOf(email)).toBe(200);
    expect(await mailsTo(NEW_EMAIL)).toHaveLength(1);

    // Is reported, hidden and blocked, with reasons that name them.
    expect(await reportContent(sql, {
      organizationId: org.id, reporterId: neighbour.id, target: { type: "comment", id: myComment.id }, reason: "offensive",
      details: `${NAME} exagère`, origin: org.origin,
    })).toMatchObject({ ok: true });
    const [moderation] = await sql`select id from moderations where target_type = 'comment' and target_id = ${myComment.id}`;
    expect(await decideModeration(sql, {
      organizationId: org.id, moderatorId: moderator.id, moderationId: Number(moderation!.id), decision: "hide",
      reason: `Zéphyrin, restez courtois`, origin: org.origin,
    })).toMatchObject({ ok: true });
    expect(await blockMember(sql, { organizationId: org.id, moderatorId: moderator.id, userId: me.id, reason: `${NAME} insulte les voisins` })).toMatchObject({ ok: true });

    // Everything above left the name or an address somewhere (this also proves the search works).
    expect((await findPersonalData()).length).toBeGreaterThan(5);

    // Deletes the account on the account page.
    const deleteContext = await myContext();
    const deleted = await run(() =>
      accountAction({
        request: makeRequest("/account", { form: { intent: "delete", currentPassword: PASSWORD, confirm: "on" }, host: org.host }),
        context: deleteContext,
        params: {},
      }),
    );
    expect(statusOf(deleted)).toBe(302);

    expect(await findPersonalData()).toEqual([]);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true });
    // The contributions stay, under no name.
    const [kept] = await sql`select author_id from proposals where id = ${proposal.id}`;
    expect(Number(kept!.author_id)).toBe(me.id);
  });
});
