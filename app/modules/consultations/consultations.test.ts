// Consultations against a real PostgreSQL: ballots per method, refusals that store nothing, one
// ballot per voter under concurrency, the close racing votes, frozen rules, secret ballots, changes,
// the officials' acts (audited, voters told).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { createTestProposal } from "~/modules/projects/testing.server";
import { sql } from "~/utils/db.server";
import type { Actor } from "~/modules/auth/actor";
import { castBallot, closeConsultation, closeDueConsultations, extendClose, publishResults, rulesChanged, updateConsultation, addOption, removeOption } from "./commands.server";
import { getConsultation, getOwnParticipation, getTally, listBallots, receiptStored } from "./queries.server";
import { formatReceipt } from "./schema";
import { actorFor, createTestConsultation, createVoteProject } from "./testing.server";

let org: Awaited<ReturnType<typeof createTestOrganization>>;
let official: Actor;
let project: Awaited<ReturnType<typeof createVoteProject>>;

async function citizens(n: number): Promise<Actor[]> {
  const out: Actor[] = [];
  for (let i = 0; i < n; i++) out.push(actorFor(await createTestUser(org.id, { role: "citizen" })));
  return out;
}

const count = async (table: string, consultationId: number) =>
  Number((await sql.unsafe(`select count(*) as n from ${table} where consultation_id = $1`, [consultationId]))[0]!.n);

beforeAll(async () => {
  org = await createTestOrganization();
  const o = await createTestUser(org.id, { role: "official" });
  official = actorFor(o);
  project = await createVoteProject(org.id, o.id);
});

afterAll(() => rulesChanged());

describe("ballots per method", () => {
  it("stores a valid ballot of each method, answers a receipt, and the tally moves from the counters", async () => {
    const c = await createTestConsultation(sql, official, project.id, {
      questions: [
        { settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] },
        { settings: { method: "approval", minChoices: 1, maxChoices: 2 }, options: [{ label: "A" }, { label: "B" }, { label: "C" }] },
        { settings: { method: "majority", scale: 7 }, options: [{ label: "A" }, { label: "B" }] },
        { settings: { method: "budget", total: 100_000, minSpend: 0 }, options: [{ label: "A", cost: 60_000 }, { label: "B", cost: 50_000 }] },
      ],
    });
    const [q1, q2, q3, q4] = c.questions;
    const [voter] = await citizens(1);
    const outcome = await castBallot(sql, voter!, {
      consultationId: c.id,
      answers: [
        { questionId: q1!.id, method: "single", optionId: q1!.optionIds[1]! },
        { questionId: q2!.id, method: "approval", optionIds: [q2!.optionIds[0]!, q2!.optionIds[2]!] },
        { questionId: q3!.id, method: "majority", grades: { [q3!.optionIds[0]!]: 6, [q3!.optionIds[1]!]: 2 } },
        { questionId: q4!.id, method: "budget", optionIds: [q4!.optionIds[1]!] },
      ],
    });
    expect(outcome).toMatchObject({ ok: true, changed: false });
    expect(outcome.ok && formatReceipt(outcome.receipt)).toMatch(/^[0-9A-Z]{4}( [0-9A-Z]{4}){5}$/);
    const tally = (await getTally(sql, org.id, c.id))!;
    expect(tally.voters).toBe(1);
    expect(tally.questions[0]).toMatchObject({ method: "single", ballots: 1, winners: [q1!.optionIds[1]] });
    expect(tally.questions[1]).toMatchObject({ method: "approval", options: [{ votes: 1 }, { votes: 0 }, { votes: 1 }] });
    expect(tally.questions[2]).toMatchObject({ method: "majority", options: [{ majorityGrade: 6 }, { majorityGrade: 2 }] });
    expect(tally.questions[3]).toMatchObject({ method: "budget", funded: [q4!.optionIds[1]], spent: 50_000, remaining: 50_000 });
    // The receipt finds the four ballots; a made-up one finds none.
    expect(await receiptStored(sql, org.id, c.id, outcome.ok ? outcome.receipt.toLowerCase() : "")).toHaveLength(4);
    expect(await receiptStored(sql, org.id, c.id, "0000 0000 0000 0000 0000 0000")).toEqual([]);
    expect((await getOwnParticipation(sql, voter!, c.id)).questionIds).toHaveLength(4);
  });

  it("refuses bad ballots with precise keys and stores nothing", async () => {
    const c = await createTestConsultation(sql, official, project.id, {
      questions: [
        { settings: { method: "approval", minChoices: 1, maxChoices: 2 }, options: [{ label: "A" }, { label: "B" }, { label: "C" }] },
        { settings: { method: "majority", scale: 6 }, options: [{ label: "A" }, { label: "B" }] },
        { settings: { method: "budget", total: 100, minSpend: 50 }, options: [{ label: "A", cost: 60 }, { label: "B", cost: 50 }, { label: "C", cost: 10 }] },
      ],
    });
    const [approval, majority, budget] = c.questions;
    const [voter] = await citizens(1);
    const cases: [unknown, string][] = [
      [{ questionId: approval!.id, method: "approval", optionIds: approval!.optionIds }, "consultations:ballot.tooMany"],
      [{ questionId: approval!.id, method: "approval", optionIds: [] }, "consultations:ballot.tooFew"],
      [{ questionId: approval!.id, method: "approval", optionIds: [budget!.optionIds[0]] }, "consultations:ballot.unknownOption"],
      [{ questionId: majority!.id, method: "majority", grades: { [majority!.optionIds[0]!]: 6, [majority!.optionIds[1]!]: 0 } }, "consultations:ballot.gradeOutOfScale"],
      [{ questionId: majority!.id, method: "majority", grades: { [majority!.optionIds[0]!]: 3 } }, "consultations:ballot.ungraded"],
      [{ questionId: budget!.id, method: "budget", optionIds: [budget!.optionIds[0], budget!.optionIds[1]] }, "consultations:ballot.overBudget"],
      [{ questionId: budget!.id, method: "budget", optionIds: [budget!.optionIds[2]] }, "consultations:ballot.underMinSpend"],
      [{ questionId: budget!.id, method: "single", optionId: budget!.optionIds[2] }, "consultations:ballot.wrongMethod"],
    ];
    for (const [answer, key] of cases) {
      const outcome = await castBallot(sql, voter!, { consultationId: c.id, answers: [answer as never] });
      expect(outcome).toMatchObject({ ok: false, reason: "invalid", error: "consultations:ballot.invalid" });
      expect(!outcome.ok && Object.values(outcome.errors ?? {})[0]?.key).toBe(key);
    }
    // A valid answer beside a bad one: the whole ballot is refused.
    const mixed = await castBallot(sql, voter!, {
      consultationId: c.id,
      answers: [
        { questionId: approval!.id, method: "approval", optionIds: [approval!.optionIds[0]!] },
        { questionId: budget!.id, method: "budget", optionIds: [budget!.optionIds[2]!] },
      ],
    });
    expect(mixed).toMatchObject({ ok: false, reason: "invalid" });
    expect(await castBallot(sql, voter!, { consultationId: c.id, answers: [] })).toMatchObject({ ok: false, error: "consultations:ballot.empty" });
    for (const table of ["consultation_ballots", "consultation_participations", "consultation_voters"]) expect(await count(table, c.id)).toBe(0);
    expect(Number((await sql`select count(*) as n from consultation_tallies t join consultation_questions q on q.id = t.question_id where q.consultation_id = ${c.id} and t.votes > 0`)[0]!.n)).toBe(0);
  });

  it("refuses anonymous visitors, blocked members, unverified voters, and another organization's consultation", async () => {
    const c = await createTestConsultation(sql, official, project.id, { eligibility: "verified", questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const answer = { questionId: c.questions[0]!.id, method: "single" as const, optionId: c.questions[0]!.optionIds[0]! };
    const [voter] = await citizens(1);
    expect(await castBallot(sql, actorFor({ id: 0, organizationId: org.id, role: "citizen" }) && { ...voter!, user: null, role: null }, { consultationId: c.id, answers: [answer] })).toMatchObject({ ok: false, error: "consultations:ballot.login" });
    expect(await castBallot(sql, voter!, { consultationId: c.id, answers: [answer] })).toMatchObject({ ok: false, reason: "ineligible", error: "consultations:ballot.verifiedOnly" });
    const verified = { ...voter!, identityVerified: true } as Actor;
    const other = await createTestOrganization();
    const stranger = actorFor(await createTestUser(other.id, { role: "citizen" }));
    expect(await castBallot(sql, stranger, { consultationId: c.id, answers: [answer] })).toMatchObject({ ok: false, reason: "notFound" });
    await sql`update users set blocked_at = now() where id = ${voter!.user!.id}`;
    expect(await castBallot(sql, verified, { consultationId: c.id, answers: [answer] })).toMatchObject({ ok: false, reason: "ineligible", error: "status.blocked" });
    await sql`update users set blocked_at = null where id = ${voter!.user!.id}`;
    expect(await castBallot(sql, verified, { consultationId: c.id, answers: [answer] })).toMatchObject({ ok: true });
  });

  it("a minimum age needs a known birth date old enough", async () => {
    const c = await createTestConsultation(sql, official, project.id, { minAge: 16, questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const answer = { questionId: c.questions[0]!.id, method: "single" as const, optionId: c.questions[0]!.optionIds[0]! };
    const [a, b, d] = await citizens(3);
    expect(await castBallot(sql, a!, { consultationId: c.id, answers: [answer] })).toMatchObject({ ok: false, error: "consultations:ballot.ageUnknown" });
    const year = new Date().getUTCFullYear();
    expect(await castBallot(sql, { ...b!, birthDate: `${year - 10}-01-01` } as Actor, { consultationId: c.id, answers: [answer] })).toMatchObject({ ok: false, error: "consultations:ballot.tooYoung" });
    expect(await castBallot(sql, { ...d!, birthDate: `${year - 40}-01-01` } as Actor, { consultationId: c.id, answers: [answer] })).toMatchObject({ ok: true });
  });
});

describe("one ballot per voter and question", () => {
  it("50 voters each submitting twice at once: exactly 50 ballots, 50 accepted, 50 refused", async () => {
    const c = await createTestConsultation(sql, official, project.id, { questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const q = c.questions[0]!;
    const voters = await citizens(50);
    const outcomes = await Promise.all(
      voters.flatMap((v, i) => [0, 1].map(() => castBallot(sql, v, { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[i % 2]! }] }))),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(50);
    expect(outcomes.filter((o) => !o.ok && o.reason === "alreadyVoted")).toHaveLength(50);
    expect(await count("consultation_ballots", c.id)).toBe(50);
    expect(await count("consultation_participations", c.id)).toBe(50);
    const tally = (await getTally(sql, org.id, c.id))!;
    expect(tally.voters).toBe(50);
    expect(tally.questions[0]).toMatchObject({ ballots: 50, options: [{ votes: 25 }, { votes: 25 }] });
  });

  it("the same, each submission in its own transaction (no batching): the database's key decides", async () => {
    const c = await createTestConsultation(sql, official, project.id, { questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const q = c.questions[0]!;
    const voters = await citizens(20);
    const outcomes = await Promise.all(
      voters.flatMap((v) =>
        [0, 1].map(() => sql.begin((tx) => castBallot(tx, v, { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[0]! }] }))),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(20);
    expect(await count("consultation_ballots", c.id)).toBe(20);
    expect((await getTally(sql, org.id, c.id))!.questions[0]).toMatchObject({ ballots: 20, options: [{ votes: 20 }, { votes: 0 }] });
  });
});

describe("the close", () => {
  it("votes racing the close: every stored ballot was cast before it, every acknowledged one is stored, none after", async () => {
    const voters = await citizens(120);
    const closesAt = new Date(Date.now() + 1_500);
    const c = await createTestConsultation(sql, official, project.id, {
      secrecy: "public",
      closesAt,
      questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }],
    });
    const q = c.questions[0]!;
    const outcomes: { ok: boolean; reason?: string; sentAt: number }[] = [];
    // Voters keep arriving until well after the close.
    await Promise.all(
      voters.map(async (v, i) => {
        await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now() - 600 + i * 10)));
        const sentAt = Date.now();
        const o = await castBallot(sql, v, { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[0]! }] });
        outcomes.push({ ok: o.ok, reason: o.ok ? undefined : o.reason, sentAt });
      }),
    );
    const accepted = outcomes.filter((o) => o.ok).length;
    expect(accepted).toBeGreaterThan(0);
    expect(outcomes.filter((o) => !o.ok).every((o) => o.reason === "closed")).toBe(true);
    expect(outcomes.filter((o) => !o.ok).length).toBeGreaterThan(0);
    expect(await count("consultation_ballots", c.id)).toBe(accepted);
    const [late] = await sql`select count(*) as n from consultation_ballots where consultation_id = ${c.id} and cast_at >= ${closesAt}`;
    expect(Number(late!.n)).toBe(0);
    // The closing job marks it closed (audited); a ballot now is refused by the database too.
    expect(await closeDueConsultations(sql)).toContain(c.id);
    const [audit] = await sql`select actor_id from audit_log where action = 'consultation.close' and subject_id = ${String(c.id)}`;
    expect(audit).toMatchObject({ actor_id: null });
    const [late1] = await citizens(1);
    await expect(sql`insert into consultation_ballots (id, organization_id, consultation_id, question_id, is_secret, choice, voter_id, cast_at)
      values (decode(repeat('ab', 32), 'hex'), ${org.id}, ${c.id}, ${q.id}, false, '1', ${late1!.user!.id}, now())`).rejects.toMatchObject({ constraint_name: "consultation_window" });
  });

  it("an official's close waits for ballots in flight; none commits after it", async () => {
    const c = await createTestConsultation(sql, official, project.id, { questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const q = c.questions[0]!;
    // A ballot transaction holds the consultation FOR SHARE; the close must wait for its commit.
    const [voter] = await citizens(1);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const ballot = sql.begin(async (tx) => {
      const o = await castBallot(tx, voter!, { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[0]! }] });
      await held;
      return o;
    });
    await new Promise((r) => setTimeout(r, 200));
    // Early close with a ballot (not yet committed) in flight: the close waits, then sees it and refuses.
    const closing = closeConsultation(sql, official, { consultationId: c.id });
    await new Promise((r) => setTimeout(r, 200));
    release();
    expect(await ballot).toMatchObject({ ok: true });
    expect(await closing).toEqual({ ok: false, error: "consultations:errors.closeEarlyWithBallots" });
  });
});

describe("frozen rules", () => {
  it("once a ballot exists the database refuses changes to options, methods, eligibility, budget; the close only moves later", async () => {
    const c = await createTestConsultation(sql, official, project.id, {
      questions: [{ settings: { method: "budget", total: 1000, minSpend: 0 }, options: [{ label: "A", cost: 100 }, { label: "B", cost: 200 }] }],
    });
    const q = c.questions[0]!;
    // Before any ballot, an official may still change the options.
    const extra = await addOption(sql, official, { questionId: q.id, label: "C", description: "", proposalId: null, cost: 300 });
    expect(extra.ok).toBe(true);
    expect(await removeOption(sql, official, { optionId: extra.ok ? extra.value.id : 0 })).toEqual({ ok: true, value: undefined });
    const [voter] = await citizens(1);
    expect(await castBallot(sql, voter!, { consultationId: c.id, answers: [{ questionId: q.id, method: "budget", optionIds: [q.optionIds[0]!] }] })).toMatchObject({ ok: true });
    const frozen = { constraint_name: "consultation_rules_frozen" };
    await expect(sql`update consultation_options set cost = 1 where id = ${q.optionIds[0]!}`).rejects.toMatchObject(frozen);
    await expect(sql`update consultation_options set label = 'Autre' where id = ${q.optionIds[0]!}`).rejects.toMatchObject(frozen);
    await expect(sql`delete from consultation_options where id = ${q.optionIds[1]!}`).rejects.toMatchObject(frozen);
    await expect(sql`insert into consultation_options (organization_id, question_id, label, cost) values (${org.id}, ${q.id}, 'D', 5)`).rejects.toMatchObject(frozen);
    await expect(sql`update consultation_questions set budget_total = 2000 where id = ${q.id}`).rejects.toMatchObject(frozen);
    await expect(sql`update consultation_questions set method = 'single', budget_total = null, budget_min_spend = null where id = ${q.id}`).rejects.toMatchObject(frozen);
    await expect(sql`update consultations set eligibility = 'verified' where id = ${c.id}`).rejects.toMatchObject(frozen);
    await expect(sql`update consultations set is_secret = false where id = ${c.id}`).rejects.toMatchObject({});
    await expect(sql`update consultations set closes_at = closes_at - interval '1 hour' where id = ${c.id}`).rejects.toMatchObject({ constraint_name: "consultation_close_only_later" });
    // The texts may still change; the command says why the rules may not.
    const current = (await getConsultation(sql, org.id, c.id))!;
    expect(current.frozen).toBe(true);
    const settings = { opensAt: current.opensAt, closesAt: current.closesAt, eligibility: current.eligibility, minAge: current.minAge, secrecy: current.secrecy, resultsVisibility: current.resultsVisibility, allowChange: current.allowChange };
    expect(await updateConsultation(sql, official, { consultationId: c.id, title: "Nouveau titre", description: "", ...settings })).toEqual({ ok: true, value: undefined });
    expect(await updateConsultation(sql, official, { consultationId: c.id, title: "Nouveau titre", description: "", ...settings, eligibility: "verified" })).toEqual({ ok: false, error: "consultations:errors.frozen" });
    expect(await addOption(sql, official, { questionId: q.id, label: "E", description: "", proposalId: null, cost: 5 })).toEqual({ ok: false, error: "consultations:errors.frozen" });
    // Later: allowed, audited, the voter told. Earlier: refused.
    const later = new Date(current.closesAt.getTime() + 86_400_000);
    expect(await extendClose(sql, official, { consultationId: c.id, closesAt: later })).toEqual({ ok: true, value: undefined });
    expect(await extendClose(sql, official, { consultationId: c.id, closesAt: current.closesAt })).toEqual({ ok: false, error: "consultations:errors.closeOnlyLater" });
    const [audit] = await sql`select data from audit_log where action = 'consultation.extend' and subject_id = ${String(c.id)}`;
    expect(audit!.data).toMatchObject({ closesAt: { to: later.toISOString() } });
    const [told] = await sql`select kind from notifications where user_id = ${voter!.user!.id}`;
    expect(told).toMatchObject({ kind: "consultation_extended" });
  });

  it("a linked proposal must belong to the project; a cost only on budgets", async () => {
    const c = await createTestConsultation(sql, official, project.id, { open: false, questions: [{ settings: { method: "single" }, options: [{ label: "A" }] }] });
    const q = c.questions[0]!;
    const otherProject = await createVoteProject(org.id, official.user!.id);
    const foreign = await createTestProposal(org.id, otherProject.id, official.user!.id);
    const mine = await createTestProposal(org.id, project.id, official.user!.id);
    expect(await addOption(sql, official, { questionId: q.id, label: "B", description: "", proposalId: foreign.id, cost: null })).toEqual({ ok: false, error: "consultations:errors.proposalNotInProject" });
    expect(await addOption(sql, official, { questionId: q.id, label: "B", description: "", proposalId: null, cost: 10 })).toEqual({ ok: false, error: "consultations:errors.costNotBudget" });
    expect((await addOption(sql, official, { questionId: q.id, label: "B", description: "", proposalId: mine.id, cost: null })).ok).toBe(true);
    await expect(sql`insert into consultation_options (organization_id, question_id, label, proposal_id) values (${org.id}, ${q.id}, 'C', ${foreign.id})`).rejects.toMatchObject({ constraint_name: "consultation_option_proposal" });
    await expect(sql`insert into consultation_options (organization_id, question_id, label, cost) values (${org.id}, ${q.id}, 'C', 3)`).rejects.toMatchObject({ constraint_name: "consultation_option_cost" });
  });
});

describe("secret and public ballots", () => {
  it("secret ballot rows carry no voter and no time; who voted is kept apart, without time either", async () => {
    const c = await createTestConsultation(sql, official, project.id, { questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const q = c.questions[0]!;
    for (const v of await citizens(3)) await castBallot(sql, v, { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[0]! }] });
    const rows = await sql`select * from consultation_ballots where consultation_id = ${c.id}`;
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.voter_id).toBeNull();
      expect(row.cast_at).toBeNull();
      // Nothing else in the row could name or date the voter.
      expect(Object.keys(row).sort()).toEqual(["cast_at", "choice", "consultation_id", "id", "is_secret", "organization_id", "question_id", "voter_id"]);
    }
    const columns = await sql`
      select table_name, column_name, data_type from information_schema.columns
      where table_name in ('consultation_participations', 'consultation_voters')`;
    expect(columns.filter((c) => /time|date/.test(String(c.data_type)))).toEqual([]);
    // The database refuses a secret ballot with a voter.
    await expect(sql`update consultation_ballots set voter_id = ${official.user!.id} where consultation_id = ${c.id}`).rejects.toMatchObject({ code: "23514" });
    const list = await listBallots(sql, org.id, c.id, { after: null, limit: 10 });
    expect(list.ballots.every((b) => b.voterId === null && /^[0-9a-f]{64}$/.test(b.digest))).toBe(true);
  });

  it("a secret ballot changes only with its receipt; the counters follow", async () => {
    const c = await createTestConsultation(sql, official, project.id, { allowChange: true, questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const q = c.questions[0]!;
    const [voter] = await citizens(1);
    const vote = (optionId: number, receipt?: string) => castBallot(sql, voter!, { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId }], receipt });
    const first = await vote(q.optionIds[0]!);
    expect(first.ok).toBe(true);
    expect(await vote(q.optionIds[1]!)).toMatchObject({ ok: false, reason: "receiptRequired" });
    expect(await vote(q.optionIds[1]!, "ZZZZ ZZZZ ZZZZ ZZZZ ZZZZ ZZZZ")).toMatchObject({ ok: false, reason: "receiptUnknown" });
    const second = await vote(q.optionIds[1]!, first.ok ? formatReceipt(first.receipt) : "");
    expect(second).toMatchObject({ ok: true, changed: true, receipt: first.ok ? first.receipt : "" });
    expect(await count("consultation_ballots", c.id)).toBe(1);
    expect((await getTally(sql, org.id, c.id))!.questions[0]).toMatchObject({ ballots: 1, options: [{ votes: 0 }, { votes: 1 }] });
  });

  it("a public ballot names its voter and time, and changes without a receipt when allowed", async () => {
    const c = await createTestConsultation(sql, official, project.id, { secrecy: "public", allowChange: true, questions: [{ settings: { method: "approval", minChoices: 0, maxChoices: 2 }, options: [{ label: "A" }, { label: "B" }] }] });
    const q = c.questions[0]!;
    const [voter] = await citizens(1);
    expect(await castBallot(sql, voter!, { consultationId: c.id, answers: [{ questionId: q.id, method: "approval", optionIds: q.optionIds }] })).toMatchObject({ ok: true, changed: false });
    expect(await castBallot(sql, voter!, { consultationId: c.id, answers: [{ questionId: q.id, method: "approval", optionIds: [] }] })).toMatchObject({ ok: true, changed: true });
    const [row] = await sql`select voter_id, cast_at from consultation_ballots where consultation_id = ${c.id}`;
    expect(Number(row!.voter_id)).toBe(voter!.user!.id);
    expect(row!.cast_at).toBeInstanceOf(Date);
    expect((await getTally(sql, org.id, c.id))!.questions[0]).toMatchObject({ ballots: 1, options: [{ votes: 0 }, { votes: 0 }] });
    expect((await getOwnParticipation(sql, voter!, c.id)).answers).toEqual([{ questionId: q.id, method: "approval", optionIds: [] }]);
  });
});

describe("results", () => {
  it("publishing needs the close; it is audited and tells voters and followers", async () => {
    const c = await createTestConsultation(sql, official, project.id, { closesAt: new Date(Date.now() + 800), questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const q = c.questions[0]!;
    const [voter, follower] = await citizens(2);
    await sql`insert into follows (organization_id, user_id, project_id) values (${org.id}, ${follower!.user!.id}, ${project.id})`;
    await castBallot(sql, voter!, { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[0]! }] });
    expect(await publishResults(sql, official, { consultationId: c.id })).toEqual({ ok: false, error: "consultations:errors.notClosed" });
    await new Promise((r) => setTimeout(r, 900));
    expect(await publishResults(sql, official, { consultationId: c.id })).toEqual({ ok: true, value: undefined });
    const actions = (await sql`select action from audit_log where subject_type = 'consultation' and subject_id = ${String(c.id)} order by id`).map((r) => r.action);
    expect(actions).toEqual(["consultation.create", "consultation.open", "consultation.close", "consultation.publish"]);
    const told = await sql`select user_id from notifications where kind = 'consultation_results' and organization_id = ${org.id} order by user_id`;
    expect(told.map((r) => Number(r.user_id))).toEqual([voter!.user!.id, follower!.user!.id].sort((a, b) => a - b));
    expect((await getConsultation(sql, org.id, c.id))!.resultsPublishedAt).toBeInstanceOf(Date);
  });

  it("a citizen cannot manage", async () => {
    const [citizen] = await citizens(1);
    const c = await createTestConsultation(sql, official, project.id, { questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    expect(await closeConsultation(sql, citizen!, { consultationId: c.id })).toEqual({ ok: false, error: "status.forbiddenText" });
  });
});

describe("verification (npm run verify:consultation)", () => {
  it("the recount from stored ballots equals the counters; a tampered counter or a lost ballot is named", async () => {
    const { verifyConsultation } = await import("./verify.server");
    const c = await createTestConsultation(sql, official, project.id, {
      allowChange: true,
      questions: [
        { settings: { method: "majority", scale: 6 }, options: [{ label: "A" }, { label: "B" }] },
        { settings: { method: "approval", minChoices: 0, maxChoices: 2 }, options: [{ label: "A" }, { label: "B" }] },
      ],
    });
    const [m, a] = c.questions;
    const voters = await citizens(12);
    const receipts = await Promise.all(
      voters.map((v, i) =>
        castBallot(sql, v, {
          consultationId: c.id,
          answers: [
            { questionId: m!.id, method: "majority", grades: { [m!.optionIds[0]!]: i % 6, [m!.optionIds[1]!]: (i * 5) % 6 } },
            { questionId: a!.id, method: "approval", optionIds: a!.optionIds.slice(0, i % 3) },
          ],
        }),
      ),
    );
    // Some change their ballot (the counters move down and up).
    for (const [i, r] of receipts.slice(0, 4).entries()) {
      expect(
        await castBallot(sql, voters[i]!, { consultationId: c.id, answers: [{ questionId: a!.id, method: "approval", optionIds: [a!.optionIds[1]!] }], receipt: r.ok ? r.receipt : null }),
      ).toMatchObject({ ok: true, changed: true });
    }
    expect(await verifyConsultation(sql, c.id)).toEqual({ consultationId: c.id, ballots: 24, voters: 12, differences: [] });
    await sql`update consultation_tallies set votes = votes + 1 where question_id = ${a!.id} and option_id = ${a!.optionIds[1]!}`;
    const tampered = (await verifyConsultation(sql, c.id))!;
    expect(tampered.differences[0]).toContain(`question ${a!.id}, option ${a!.optionIds[1]!}: recount`);
    expect(await verifyConsultation(sql, 999_999_999)).toBeNull();
  });
});

describe("open data", () => {
  it("consultation_results lists public results only: live ones, and after-close ones once closed; never a voter", async () => {
    const { openDataStream } = await import("~/modules/opendata/export.server");
    const o = await createTestOrganization();
    const off = actorFor(await createTestUser(o.id, { role: "official" }));
    const p = await createVoteProject(o.id, off.user!.id);
    const live = await createTestConsultation(sql, off, p.id, { title: "Vote en direct", questions: [{ settings: { method: "majority", scale: 7 }, options: [{ label: "=Fontaine" }, { label: "Jardin" }] }] });
    const hidden = await createTestConsultation(sql, off, p.id, { title: "Vote secret jusqu'au bout", resultsVisibility: "after_close", questions: [{ settings: { method: "single" }, options: [{ label: "A" }, { label: "B" }] }] });
    const voter = actorFor(await createTestUser(o.id, { role: "citizen", email: `voter-${Date.now()}@example.org` }));
    const q = live.questions[0]!;
    await castBallot(sql, voter, { consultationId: live.id, answers: [{ questionId: q.id, method: "majority", grades: { [q.optionIds[0]!]: 6, [q.optionIds[1]!]: 1 } }] });
    await castBallot(sql, voter, { consultationId: hidden.id, answers: [{ questionId: hidden.questions[0]!.id, method: "single", optionId: hidden.questions[0]!.optionIds[0]! }] });
    const csv = await new Response(await openDataStream(sql, o.id, "consultation_results", "csv")).text();
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("consultation_id,project_id,consultation_title,state,closes_at,results_published_at,voters,question_id,question_title,method,ballots,option_id,option_label,proposal_id,cost,votes,grade_profile,majority_grade,rank,funded,winner");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,'=Fontaine,`);
    expect(lines[1]).toContain(",0;0;0;0;0;0;1,excellent,1,,true");
    expect(csv).not.toContain("secret jusqu");
    expect(csv).not.toContain("voter-");
    const json = JSON.parse(await new Response(await openDataStream(sql, o.id, "consultation_results", "json")).text()) as Record<string, unknown>[];
    expect(json[1]).toMatchObject({ option_label: "Jardin", grade_profile: "0;1;0;0;0;0;0", majority_grade: "insufficient", rank: 2, winner: false });
  });
});
