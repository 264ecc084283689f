// Live tallies: consultations marked dirty (a committed batch of ballots, on this instance or
// through the events outbox; a close) are recomputed from their counters at most every
// `intervalMs`, and each sends one small message to its socket.io room `consultation:<id>` (on
// every instance through the adapter). Results shown only after the close are never sent before
// it: the state is read on the database clock with the counters. A socket joining the room gets
// the current tally at once (a reconnecting client is up to date without reloading).
import { actorOf } from "~/modules/auth/actor";
import type { Server } from "socket.io";
import { ballotRules, stateOfRules } from "~/modules/consultations/commands.server";
import { decide } from "~/modules/consultations/policy";
import { loadCounts, tallyOf } from "~/modules/consultations/queries.server";
import type { ConsultationTally, TallyMessage } from "~/modules/consultations/schema";
import type { ClientToServerEvents, ServerToClientEvents } from "~/modules/events/events";
import type { Sql } from "~/utils/db.server";

type IO = Server<ClientToServerEvents, ServerToClientEvents>;

export const roomOfConsultation = (consultationId: number) => `consultation:${consultationId}`;

/** The tally a consultation's room may receive now, or null (results after the close, not yet). */
export async function visibleTally(sql: Sql, organizationId: number, consultationId: number): Promise<ConsultationTally | null> {
  const rules = await ballotRules(sql, organizationId, consultationId);
  if (!rules) return null;
  const counted = await loadCounts(sql, organizationId, consultationId);
  // The room is the same for everyone who may see the consultation: the rule is the policy's
  // `seeResults` for a visitor, with the state read on the database clock just now.
  const seen = decide(
    actorOf(organizationId, null),
    "seeResults",
    {
      project: { status: "published", currentPhase: null, actorBlocked: false },
      consultation: {
        state: counted.state === "draft" ? stateOfRules(rules) : counted.state,
        eligibility: rules.eligibility,
        minAge: rules.minAge,
        resultsVisibility: rules.resultsVisibility,
        resultsPublishedAt: rules.resultsPublishedAt,
      },
      today: rules.today,
    },
  );
  if (!seen.allowed) return null;
  return tallyOf(consultationId, rules.questions, counted);
}

export type TallyBroadcaster = ReturnType<typeof startTallyBroadcaster>;

export function startTallyBroadcaster(
  sql: Sql,
  io: IO,
  options: { intervalMs?: number; log?: (line: string, error: unknown) => void } = {},
) {
  const intervalMs = options.intervalMs ?? 200;
  const log = options.log ?? ((line: string, error: unknown) => console.error(`[tallies] ${line}`, error));
  // consultation id → organization id
  const dirty = new Map<number, number>();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let stopped = false;
  let lastRun = 0;

  const schedule = () => {
    if (stopped || timer || running || dirty.size === 0) return;
    // At most one run per interval; the first ballot after a quiet time goes out at once.
    const wait = Math.max(0, lastRun + intervalMs - Date.now());
    timer = setTimeout(run, wait);
  };

  const run = async () => {
    timer = null;
    running = true;
    lastRun = Date.now();
    const batch = [...dirty];
    dirty.clear();
    try {
      await Promise.all(
        batch.map(async ([consultationId, organizationId]) => {
          try {
            const tally = await visibleTally(sql, organizationId, consultationId);
            if (tally) io.to(roomOfConsultation(consultationId)).emit("tally", { type: "consultation.tally", tally } satisfies TallyMessage);
          } catch (error) {
            log(`consultation ${consultationId}: tally failed`, error);
          }
        }),
      );
    } finally {
      running = false;
      schedule();
    }
  };

  return {
    /** The tallies of these consultations changed (ballots committed, a close). */
    markDirty(organizationId: number, consultationIds: number[]) {
      for (const id of consultationIds) dirty.set(id, organizationId);
      schedule();
    },
    /** Sends the current tally to one socket that just joined the room (nothing if hidden). */
    async sendCurrent(socketId: string, organizationId: number, consultationId: number) {
      const tally = await visibleTally(sql, organizationId, consultationId);
      if (tally) io.to(socketId).emit("tally", { type: "consultation.tally", tally });
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
