// Delivers the mail outbox: woken by NOTIFY for speed, polling as a safety net.
import { deliverPendingMail } from "~/modules/mail/outbox.server";
import type { Sql } from "~/utils/db.server";

export function startMailWorker(sql: Sql, pollMs = 10_000) {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const kick = () => {
    if (stopped) return;
    running = running.then(() => deliverPendingMail(sql, 50)).catch((e) => console.error("[mail] worker:", e));
  };
  const timer = setInterval(kick, pollMs);
  timer.unref();
  let unlisten: (() => Promise<void>) | undefined;
  sql
    .listen("mail_outbox", kick)
    .then((l) => {
      unlisten = l.unlisten;
    })
    .catch((e) => console.error("[mail] listen failed, polling only:", e));
  kick();
  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten?.().catch(() => {});
      await running;
    },
  };
}
