// Mail goes through an outbox table written in the same transaction as the act that sends it,
// then a worker delivers it with retries: a mail the app acknowledged is never lost.
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Db, Sql } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

export type OutgoingMail = {
  organizationId: number | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The account the mail is for: its mails are deleted with it, whatever address they went to. */
  forUserId?: number | null;
  /** The member the mail speaks about (by name): pending mails about them go when they delete their account. */
  aboutUserId?: number | null;
};

export async function enqueueMail(db: Db, mail: OutgoingMail): Promise<number> {
  const [row] = await db`
    insert into mail_outbox (organization_id, to_address, subject, text_body, html_body, for_user_id, about_user_id)
    values (${mail.organizationId}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null},
            ${mail.forUserId ?? null}, ${mail.aboutUserId ?? null})
    returning id`;
  await db`select pg_notify('mail_outbox', ${String(row!.id)})`;
  return Number(row!.id);
}

type Transport = { send: (mail: { to: string; subject: string; text: string; html?: string | null }) => Promise<void> };

let transport: Transport | undefined;

/** SMTP_URL when set; otherwise .eml files in DATA_DIR/mail and the links on the console. */
export function getTransport(): Transport {
  if (transport) return transport;
  const env = getEnv();
  if (env.SMTP_URL) {
    const smtp = nodemailer.createTransport(env.SMTP_URL);
    transport = {
      async send(mail) {
        await smtp.sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined });
      },
    };
  } else {
    const dir = path.resolve(env.DATA_DIR, "mail");
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    transport = {
      async send(mail) {
        const info = await stream.sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined });
        await fs.mkdir(dir, { recursive: true });
        const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${info.messageId.replace(/[^a-z0-9]/gi, "")}.eml`);
        await fs.writeFile(file, info.message as Buffer);
        const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
        console.log(`[mail] to ${mail.to}: ${mail.subject}${links.length ? `\n[mail]   ${links.join("\n[mail]   ")}` : ""}\n[mail]   saved in ${file}`);
      },
    };
  }
  return transport;
}

export function setTransportForTests(t: Transport | undefined) {
  transport = t;
}

/** Sends what is due; several instances can run this at once (SKIP LOCKED). Returns how many were sent. */
export async function deliverPendingMail(db: Sql, limit = 20): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const done = await db.begin(async (tx) => {
      const [mail] = await tx`
        select id, to_address, subject, text_body, html_body, attempts from mail_outbox
        where sent_at is null and next_attempt_at <= now()
        order by id for update skip locked limit 1`;
      if (!mail) return "empty" as const;
      try {
        await getTransport().send({
          to: String(mail.to_address),
          subject: String(mail.subject),
          text: String(mail.text_body ?? ""),
          html: (mail.html_body as string | null) ?? null,
        });
        // The body held a one-time link: keep only what says a mail went out.
        await tx`update mail_outbox set sent_at = now(), text_body = null, html_body = null, attempts = attempts + 1, last_error = null where id = ${mail.id}`;
        return "sent" as const;
      } catch (error) {
        const attempts = Number(mail.attempts) + 1;
        const delaySeconds = Math.min(3600, 5 * 2 ** attempts);
        await tx`
          update mail_outbox set attempts = ${attempts}, last_error = ${String(error).slice(0, 500)},
            next_attempt_at = now() + make_interval(secs => ${delaySeconds})
          where id = ${mail.id}`;
        console.error(`[mail] delivery to ${String(mail.to_address)} failed (attempt ${attempts}): ${String(error)}`);
        return "failed" as const;
      }
    });
    if (done === "empty") break;
    if (done === "sent") sent++;
  }
  return sent;
}
