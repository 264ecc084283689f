// Delivers the events outbox (app/modules/events/outbox.server.ts), like the mail worker: woken by
// the NOTIFY of each commit, polling every few seconds as a safety net (a lost connection, a
// NOTIFY sent while no dispatcher listened). Every instance runs one; the claim (FOR UPDATE SKIP
// LOCKED) makes exactly one of them deliver each event, and delivery reaches every instance (the
// page cache's broadcast and the socket.io adapter).
import { deliverPendingEvents, pruneDeliveredEvents } from "~/modules/events/outbox.server";
import type { StoredEvent } from "~/modules/events/events";
import type { Sql } from "~/utils/db.server";

export type EventsDispatcherOptions = {
  deliver: (event: StoredEvent) => void | Promise<void>;
  pollMs?: number;
  /** Delivered events older than a day are dropped this often. */
  pruneMs?: number;
  /** Where failures are told (default: console.error). */
  log?: (line: string, error: unknown) => void;
};

export function startEventsDispatcher(sql: Sql, options: EventsDispatcherOptions) {
  const log = options.log ?? ((line: string, error: unknown) => console.error(`[events] ${line}`, error));
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let queued = false;
  const drain = async () => {
    // A full batch may mean more are waiting: claim again until the outbox is empty.
    while (!stopped && (await deliverPendingEvents(sql, options.deliver, 100)) === 100);
  };
  const kick = () => {
    // NOTIFYs arriving while a run is going need one more run after it, not one each.
    if (stopped || queued) return;
    queued = true;
    running = running
      .then(() => {
        queued = false;
        return drain();
      })
      .catch((e) => log("delivery failed, the events stay for the next run:", e));
  };
  const timer = setInterval(kick, options.pollMs ?? 3_000);
  timer.unref();
  const pruner = setInterval(() => {
    pruneDeliveredEvents(sql).catch((e) => log("prune failed:", e));
  }, options.pruneMs ?? 3_600_000);
  pruner.unref();
  let unlisten: (() => Promise<void>) | undefined;
  const listening = sql
    .listen("events", kick, kick)
    .then((l) => {
      unlisten = l.unlisten;
      if (stopped) void l.unlisten().catch(() => {});
    })
    .catch((e) => log("listen failed, polling only:", e));
  kick();
  return {
    kick,
    /** Resolves once LISTEN is in place (tests wait for it). */
    listening,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(pruner);
      await listening;
      await unlisten?.().catch(() => {});
      await running;
    },
  };
}
