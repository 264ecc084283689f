// Writing ballots in small batches: the ballots that arrive within a few milliseconds share one
// transaction (a dozen statements whatever their number), and each vote is acknowledged only
// once that transaction committed. Per-ballot outcomes come from checks made inside the
// transaction (window with the consultation locked FOR SHARE, block, existing participations,
// receipts), so one bad ballot never fails the others; an unexpected error makes every ballot of
// the batch go again alone. The database keeps the last word: the one-ballot-per-question key,
// the window trigger on the database clock, the frozen rules.
import crypto from "node:crypto";
import type { Db, Sql } from "~/utils/db.server";
import { recordEvent } from "~/modules/events/outbox.server";
import type { BallotAnswer, BallotOutcome } from "./schema";
import { ballotIdOf, storedChoice, choiceOfStored, settingsOfRow } from "./queries.server";
import { countersOf } from "./tally";

export type PendingBallot = {
  organizationId: number;
  projectId: number;
  consultationId: number;
  secret: boolean;
  allowChange: boolean;
  voterId: number;
  answers: BallotAnswer[];
  /** The receipt the voter gave to change a secret ballot. */
  receipt: string | null;
};

type Outcome = BallotOutcome;
type Waiting = PendingBallot & { resolve: (o: Outcome) => void; reject: (e: unknown) => void; tries: number };

/** Crockford base32, no I, L, O, U. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** 24 characters, 120 random bits. */
export function newReceipt(): string {
  const bytes = crypto.randomBytes(15);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** Thrown inside a batch to have it run again (another instance won a race on a participation). */
export class RetryBatch extends Error {}

const refused = (reason: Extract<Outcome, { ok: false }>["reason"], error: string): Outcome => ({ ok: false, reason, error });

/**
 * Writes ballots in one transaction and answers one outcome per ballot. At most one ballot per
 * voter and consultation (the batcher defers the others to the next batch).
 */
export async function writeBallots(tx: Db, items: PendingBallot[]): Promise<Outcome[]> {
  const outcomes: (Outcome | null)[] = items.map(() => null);
  const consultationIds = [...new Set(items.map((i) => i.consultationId))].sort((a, b) => a - b);
  const voterIds = [...new Set(items.map((i) => i.voterId))];
  const asked = items.flatMap((item) => item.answers.map((a) => ({ q: a.questionId, v: item.voterId })));
  // Three reads sent together (postgres.js pipelines the statements of a transaction issued at
  // once: one round trip): the window on the database clock, with the consultations locked as
  // closing locks them; blocked voters; who already voted on which question.
  const [windows, blockedRows, existingRows] = await Promise.all([
    tx`
      select id, opened_at is null or clock_timestamp() < opens_at as not_yet,
             closed_at is not null or clock_timestamp() >= closes_at as shut
      from consultations where id = any(${consultationIds}::bigint[]) order by id for share`,
    tx`select id from users where id = any(${voterIds}::bigint[]) and (blocked_at is not null or deleted_at is not null)`,
    tx`
      select p.question_id, p.voter_id from consultation_participations p
      join jsonb_to_recordset(${tx.json(asked as never)}) as a(q bigint, v bigint) on p.question_id = a.q and p.voter_id = a.v`,
  ]);
  const windowOf = new Map(windows.map((w) => [Number(w.id), w]));
  const blocked = new Set(blockedRows.map((r) => Number(r.id)));
  items.forEach((item, i) => {
    const w = windowOf.get(item.consultationId);
    if (!w) outcomes[i] = refused("notFound", "status.notFoundText");
    else if (w.shut) outcomes[i] = refused("closed", "consultations:ballot.closed");
    else if (w.not_yet) outcomes[i] = refused("notOpen", "consultations:ballot.notOpen");
    else if (blocked.has(item.voterId)) outcomes[i] = refused("ineligible", "status.blocked");
  });
  const existing = new Set(existingRows.map((r) => `${r.question_id}:${r.voter_id}`));

  type Plan = { index: number; receipt: string; fresh: BallotAnswer[]; changed: BallotAnswer[] };
  const plans: Plan[] = [];
  items.forEach((item, index) => {
    if (outcomes[index]) return;
    const fresh = item.answers.filter((a) => !existing.has(`${a.questionId}:${item.voterId}`));
    const changed = item.answers.filter((a) => existing.has(`${a.questionId}:${item.voterId}`));
    if (changed.length > 0 && !item.allowChange) {
      outcomes[index] = refused("alreadyVoted", "consultations:ballot.alreadyVoted");
      return;
    }
    if (changed.length > 0 && item.secret && !item.receipt) {
      outcomes[index] = refused("receiptRequired", "consultations:ballot.receiptRequired");
      return;
    }
    plans.push({ index, receipt: item.secret && item.receipt ? item.receipt : newReceipt(), fresh, changed });
  });

  // Changes: the old choices, found by receipt (secret) or by voter (public), locked.
  type Old = { id: Buffer; questionId: number; choice: unknown; settings: ReturnType<typeof settingsOfRow> };
  const oldByKey = new Map<string, Old>();
  const changing = plans.filter((p) => p.changed.length > 0);
  if (changing.length > 0) {
    const secretIds: Buffer[] = [];
    const publicKeys: { q: number; v: number }[] = [];
    for (const p of changing) {
      const item = items[p.index]!;
      for (const a of p.changed) {
        if (item.secret) secretIds.push(ballotIdOf(p.receipt, a.questionId));
        else publicKeys.push({ q: a.questionId, v: item.voterId });
      }
    }
    const columns = tx`b.id, b.question_id, b.voter_id, b.choice, q.method, q.min_choices, q.max_choices, q.grade_scale, q.budget_total, q.budget_min_spend`;
    const found = await Promise.all([
      secretIds.length > 0
        ? tx`select ${columns} from consultation_ballots b join consultation_questions q on q.id = b.question_id
             where b.id in ${tx(secretIds)} and b.voter_id is null order by b.id for update of b`
        : [],
      publicKeys.length > 0
        ? tx`select ${columns} from consultation_ballots b join consultation_questions q on q.id = b.question_id
             join jsonb_to_recordset(${tx.json(publicKeys as never)}) as k(q bigint, v bigint) on b.question_id = k.q and b.voter_id = k.v
             order by b.id for update of b`
        : [],
    ]);
    const rows = found.flat();
    for (const r of rows) {
      const old = { id: r.id as Buffer, questionId: Number(r.question_id), choice: r.choice, settings: settingsOfRow(r) };
      oldByKey.set(r.voter_id == null ? (r.id as Buffer).toString("hex") : `${r.question_id}:${r.voter_id}`, old);
    }
    for (const p of changing) {
      const item = items[p.index]!;
      const missing = p.changed.some((a) => !oldByKey.has(item.secret ? ballotIdOf(p.receipt, a.questionId).toString("hex") : `${a.questionId}:${item.voterId}`));
      if (missing) outcomes[p.index] = refused("receiptUnknown", "consultations:ballot.receiptUnknown");
    }
  }
  const live = plans.filter((p) => !outcomes[p.index]);

  // Every write below goes in one round trip (statements issued together are pipelined, run in
  // order): participations, turnout, ballots, counters, the event.
  const participations = live.flatMap((p) => {
    const item = items[p.index]!;
    return p.fresh.map((a) => ({ q: a.questionId, v: item.voterId, c: item.consultationId, o: item.organizationId }));
  });
  const voters = [...new Map(participations.map((p) => [`${p.c}:${p.v}`, { c: p.c, v: p.v, o: p.o }])).values()];

  // Counter deltas, per question, option and grade; ballots per question.
  const tallyDeltas = new Map<string, { q: number; o: number; g: number; org: number; d: number }>();
  const questionDeltas = new Map<number, number>();
  const addCounters = (org: number, questionId: number, answer: BallotAnswer | ReturnType<typeof choiceOfStored>, sign: 1 | -1) => {
    for (const { optionId, grade } of countersOf(answer)) {
      const key = `${questionId}:${optionId}:${grade}`;
      const row = tallyDeltas.get(key) ?? { q: questionId, o: optionId, g: grade, org, d: 0 };
      row.d += sign;
      tallyDeltas.set(key, row);
    }
  };
  const newBallots: { id: string; o: number; c: number; q: number; s: boolean; x: unknown; v: number | null }[] = [];
  const updates: { old: string; id: string; x: unknown }[] = [];
  for (const p of live) {
    const item = items[p.index]!;
    for (const a of p.fresh) {
      newBallots.push({
        id: ballotIdOf(p.receipt, a.questionId).toString("hex"),
        o: item.organizationId,
        c: item.consultationId,
        q: a.questionId,
        s: item.secret,
        x: storedChoice(a),
        v: item.secret ? null : item.voterId,
      });
      addCounters(item.organizationId, a.questionId, a, 1);
      questionDeltas.set(a.questionId, (questionDeltas.get(a.questionId) ?? 0) + 1);
    }
    for (const a of p.changed) {
      const old = oldByKey.get(item.secret ? ballotIdOf(p.receipt, a.questionId).toString("hex") : `${a.questionId}:${item.voterId}`)!;
      updates.push({ old: old.id.toString("hex"), id: ballotIdOf(p.receipt, a.questionId).toString("hex"), x: storedChoice(a) });
      addCounters(item.organizationId, a.questionId, choiceOfStored(old.settings, old.choice), -1);
      addCounters(item.organizationId, a.questionId, a, 1);
    }
  }
  // Counters in key order (no deadlock between batches); decrements apart (their rows exist).
  const sorted = [...tallyDeltas.values()].filter((d) => d.d !== 0).sort((a, b) => a.q - b.q || a.o - b.o || a.g - b.g);
  const ups = sorted.filter((d) => d.d > 0);
  const downs = sorted.filter((d) => d.d < 0);
  const questionRows = [...questionDeltas].sort((a, b) => a[0] - b[0]).map(([q, n]) => ({ q, n }));
  const touched = new Map<number, PendingBallot>();
  for (const p of live) touched.set(items[p.index]!.consultationId, items[p.index]!);

  const writes: Promise<unknown>[] = [];
  const inserted =
    participations.length > 0
      ? tx`
          insert into consultation_participations (question_id, voter_id, consultation_id, organization_id)
          select q, v, c, o from jsonb_to_recordset(${tx.json(participations as never)}) as p(q bigint, v bigint, c bigint, o bigint)
          on conflict do nothing returning question_id`
      : Promise.resolve([]);
  writes.push(inserted);
  if (voters.length > 0) {
    // Turnout: a voter's first participation in a consultation counts once.
    writes.push(tx`
      with fresh as (
        insert into consultation_voters (consultation_id, voter_id, organization_id)
        select c, v, o from jsonb_to_recordset(${tx.json(voters as never)}) as x(c bigint, v bigint, o bigint)
        on conflict do nothing returning consultation_id
      ), d as (select consultation_id, count(*) as n from fresh group by consultation_id)
      update consultation_counts n set voters = n.voters + d.n from d where n.consultation_id = d.consultation_id`);
  }
  if (newBallots.length > 0) {
    writes.push(tx`
      insert into consultation_ballots (id, organization_id, consultation_id, question_id, is_secret, choice, voter_id, cast_at)
      select decode(b.id, 'hex'), b.o, b.c, b.q, b.s, b.x, b.v, case when b.s then null else clock_timestamp() end
      from jsonb_to_recordset(${tx.json(newBallots as never)}) as b(id text, o bigint, c bigint, q bigint, s boolean, x jsonb, v bigint)`);
  }
  if (updates.length > 0) {
    writes.push(tx`
      update consultation_ballots b set id = decode(u.id, 'hex'), choice = u.x,
        cast_at = case when b.is_secret then null else clock_timestamp() end
      from jsonb_to_recordset(${tx.json(updates as never)}) as u(old text, id text, x jsonb) where b.id = decode(u.old, 'hex')`);
  }
  if (ups.length > 0) {
    writes.push(tx`
      insert into consultation_tallies (question_id, option_id, grade, organization_id, votes)
      select q, o, g, org, d from jsonb_to_recordset(${tx.json(ups as never)}) as t(q bigint, o bigint, g smallint, org bigint, d bigint)
      order by q, o, g
      on conflict (question_id, option_id, grade) do update set votes = consultation_tallies.votes + excluded.votes`);
  }
  if (downs.length > 0) {
    writes.push(tx`
      update consultation_tallies t set votes = t.votes + d.d
      from jsonb_to_recordset(${tx.json(downs as never)}) as d(q bigint, o bigint, g smallint, d bigint)
      where t.question_id = d.q and t.option_id = d.o and t.grade = d.g`);
  }
  if (questionRows.length > 0) {
    writes.push(tx`
      update consultation_questions q set ballots = q.ballots + d.n
      from jsonb_to_recordset(${tx.json(questionRows as never)}) as d(q bigint, n bigint) where q.id = d.q`);
  }
  // One event per consultation of the batch: the broadcaster marks its tally dirty (after commit,
  // on whichever instance delivers it; this instance marks it at once too).
  for (const [consultationId, item] of touched) {
    writes.push(recordEvent(tx, { type: "consultation.ballot_cast", organizationId: item.organizationId, projectId: item.projectId, payload: { consultationId } }));
  }
  await Promise.all(writes);
  // The one-each key: a participation another transaction took meanwhile (the same voter through
  // another instance) makes the batch run again, to take the change path or refuse.
  if ((await inserted).length !== participations.length) throw new RetryBatch("a participation was taken meanwhile");
  for (const p of live) outcomes[p.index] = { ok: true, receipt: p.receipt, changed: p.changed.length > 0 };
  return outcomes as Outcome[];
}

/** What a database error on a lone ballot means for its voter, or null when it is a real failure. */
export function outcomeOfError(error: unknown): Outcome | null {
  const e = error as { code?: string; constraint_name?: string; constraint?: string };
  const constraint = e.constraint_name ?? e.constraint;
  if (constraint === "consultation_window") return refused("closed", "consultations:ballot.closed");
  if (e.code === "23505") return refused("alreadyVoted", "consultations:ballot.alreadyVoted");
  if (e.code === "23503") return refused("invalid", "consultations:ballot.unknownOption");
  return null;
}

type Committed = { organizationId: number; consultationId: number }[];
type Options = { maxBatch?: number; maxInFlight?: number; onCommitted?: (consultations: Committed) => void };

/**
 * The batcher of a pool: ballots wait at most one turn of the event loop (plus the transaction in
 * flight), then go together. A voter's second ballot on the same consultation in the same batch
 * waits for the next one, so that it sees the first.
 */
export class BallotWriter {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  /** Told after each commit which consultations got ballots (the tally broadcaster marks them dirty). */
  onCommitted: ((consultations: Committed) => void) | undefined;

  constructor(
    private readonly sql: Sql,
    options: Options = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.onCommitted = options.onCommitted;
  }

  write(ballot: PendingBallot): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ ...ballot, resolve, reject, tries: 0 });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush() {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const seen = new Set<string>();
    for (const item of this.queue) {
      const key = `${item.consultationId}:${item.voterId}`;
      if (batch.length >= this.maxBatch || seen.has(key)) rest.push(item);
      else {
        seen.add(key);
        batch.push(item);
      }
    }
    this.queue = rest;
    this.inFlight++;
    void this.run(batch).finally(() => {
      this.inFlight--;
      this.schedule();
    });
    // Another batch may start while this one is in flight.
    this.schedule();
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = (await this.sql.begin((tx) => writeBallots(tx, batch))) as Outcome[];
      this.committed(batch, outcomes);
      batch.forEach((item, i) => item.resolve(outcomes[i]!));
    } catch (error) {
      if (batch.length === 1) return this.alone(batch[0]!, error);
      // Something no check foresaw (a deadlock, a race with a close, a lost connection): every
      // ballot goes again alone, so one bad ballot does not fail the others.
      await Promise.all(batch.map((item) => this.runAlone(item)));
    }
  }

  private async runAlone(item: Waiting): Promise<void> {
    try {
      const [outcome] = (await this.sql.begin((tx) => writeBallots(tx, [item]))) as Outcome[];
      this.committed([item], [outcome!]);
      item.resolve(outcome!);
    } catch (error) {
      await this.alone(item, error);
    }
  }

  private async alone(item: Waiting, error: unknown): Promise<void> {
    const retriable = error instanceof RetryBatch || (error as { code?: string }).code === "40P01" || (error as { code?: string }).code === "40001";
    if (retriable && item.tries < 3) {
      item.tries++;
      return this.runAlone(item);
    }
    const outcome = outcomeOfError(error);
    if (outcome) item.resolve(outcome);
    else item.reject(error);
  }

  private committed(batch: PendingBallot[], outcomes: Outcome[]) {
    const touched = new Map<number, number>();
    batch.forEach((item, i) => {
      if (outcomes[i]?.ok) touched.set(item.consultationId, item.organizationId);
    });
    if (touched.size > 0) this.onCommitted?.([...touched].map(([consultationId, organizationId]) => ({ consultationId, organizationId })));
  }
}

const WRITERS = Symbol.for("maquette.ballotWriters");
type Holder = { [WRITERS]?: WeakMap<Sql, BallotWriter> };

/** The writer of a pool (one per pool and process, shared by the Remix and Express bundles). */
export function ballotWriterOf(sql: Sql): BallotWriter {
  const holder = globalThis as Holder;
  const writers = (holder[WRITERS] ??= new WeakMap());
  let writer = writers.get(sql);
  if (!writer) writers.set(sql, (writer = new BallotWriter(sql)));
  return writer;
}
