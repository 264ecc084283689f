// The mail path the account pages rely on: outbox row → the app's mail worker (woken by NOTIFY)
// → SMTP → the e2e mail sink → mailbox.waitFor().
import { enqueueMail } from "../app/modules/mail/outbox.server";
import type { Db } from "../app/utils/db.server";
import { BASE_URL } from "./support/env";
import { expect, test, uniqueEmail } from "./fixtures";

test("a mail put in the outbox reaches the SMTP server, and its link can be read", async ({ db, demoOrgId, mailbox }) => {
  const to = uniqueEmail("mail");
  const link = `${BASE_URL}/reset-password?token=e2e-${Date.now()}`;
  await enqueueMail(db as unknown as Db, {
    organizationId: demoOrgId,
    to,
    subject: "Essai de l'e2e",
    text: `Bonjour,\n\nVoici le lien : ${link}\n`,
    html: `<p>Bonjour,</p><p><a href="${link}">Le lien</a></p>`,
  });
  const mail = await mailbox.waitFor(to, { subjectIncludes: "Essai", timeout: 15_000 });
  expect(mail.to).toEqual([to]);
  expect(mail.subject).toBe("Essai de l'e2e");
  expect(mail.text).toContain("Voici le lien");
  expect(mail.from).toMatch(/@/);
  expect(mail.firstLink()).toBe(link);

  const [row] = await db`select sent_at, text_body from mail_outbox where to_address = ${to}`;
  expect(row!.sent_at).not.toBeNull();
  expect(row!.text_body, "the one-time link is not kept once sent").toBeNull();
});
