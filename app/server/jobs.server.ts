// Periodic jobs of the instance. With several instances, a session-level advisory lock per job
// makes exactly one of them run it at each tick; the others skip.
import { deleteStaleTokens } from "~/modules/auth/tokens.server";
import { deleteExpiredSessions } from "~/modules/auth/session.server";
import { pruneLoginFailures } from "~/modules/auth/throttle.server";
import { deleteExpiredAttempts } from "~/modules/identity/login.server";
import { announceStartedPhases } from "~/modules/projects/phase-notifier.server";
import { closeDueConsultations } from "~/modules/consultations/commands.server";
import type { Db, Sql } from "~/utils/db.server";

export type Job = { name: string; lockKey: number; everyMs: number; run: (db: Db) => Promise<unknown> };

/** Sent mails are a delivery log only; keep a week of it. */
export async function pruneSentMail(db: Db) {
  await db`delete from mail_outbox where sent_at < now() - interval '7 days'`;
}

export const MAINTENANCE_JOBS: Job[] = [
  {
    // Followers hear of a phase the minute it starts; phase_announcements makes it once only.
    name: "phase announcements",
    lockKey: 7_220_014_102,
    everyMs: 60_000,
    run: (db) => announceStartedPhases(db as Sql),
  },
  {
    // Consultations whose close has come are marked closed (audited); their final tally goes out.
    name: "consultation closes",
    lockKey: 7_220_014_103,
    everyMs: 5_000,
    run: (db) => closeDueConsultations(db as Sql),
  },
  {
    name: "cleanup",
    lockKey: 7_220_014_101,
    everyMs: 60 * 60_000,
    run: async (db) => {
      await deleteExpiredSessions(db);
      await pruneLoginFailures(db);
      await deleteExpiredAttempts(db);
      await deleteStaleTokens(db);
      await pruneSentMail(db);
    },
  },
];

/** Runs a job unless another instance holds its lock. Returns whether it ran. */
export async function runJobOnce(sql: Sql, job: Job): Promise<boolean> {
  const reserved = await sql.reserve();
  try {
    const [row] = await reserved`select pg_try_advisory_lock(${job.lockKey}) as locked`;
    if (!row?.locked) return false;
    try {
      await job.run(sql);
      return true;
    } finally {
      await reserved`select pg_advisory_unlock(${job.lockKey})`;
    }
  } finally {
    reserved.release();
  }
}

export function startJobs(sql: Sql, jobs: Job[], log: (line: string) => void = console.log) {
  const timers: NodeJS.Timeout[] = [];
  let running = Promise.resolve();
  let stopped = false;
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      running = running
        .then(() => runJobOnce(sql, job))
        .then(() => undefined)
        .catch((error) => log(`[jobs] ${job.name} failed: ${(error as Error).message}`));
    };
    const first = setTimeout(tick, 5_000);
    first.unref();
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    timers.push(first, timer);
  }
  return {
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await running;
    },
  };
}
