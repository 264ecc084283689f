// The statement's contact form: a person who cannot reach a content or a service tells the
// organization, whose admins must answer (the RGAA model's "retour d'information et contact").
// Each admin gets a notification in the bell and a mail through the outbox. What the person wrote
// (name, address, text) goes into the mails only, which the outbox empties once sent; the bell
// keeps the page concerned and a link to the statement's admin page. Nothing is logged.
import crypto from "node:crypto";
import { isLocale } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { recordEvent } from "~/modules/events/outbox.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import type { Db, Sql, Tx } from "~/utils/db.server";
import type { ContactInput } from "./schema";

/** At most this many messages an hour from one sender (one IP address)… */
export const CONTACT_PER_SENDER_PER_HOUR = 3;
/** …and this many a day to one organization, whoever sends them, so that a flood cannot bury the admins' mailboxes. */
export const CONTACT_PER_ORGANIZATION_PER_DAY = 30;

/** Where the admins' notification leads. */
export const CONTACT_NOTIFICATION_PATH = "/admin/accessibilite";

/** The page as the bell keeps it: one line, at most 120 characters. */
const PAGE_IN_BELL_MAX = 120;

/** The sender as the rate limit keeps them: a digest of their address in this organization, never the address. */
export function senderKey(organizationId: number, ip: string): string {
  return crypto.createHash("sha256").update(`accessibility-contact\n${organizationId}\n${ip}`).digest("hex");
}

export type ContactOutcome = { ok: true; admins: number } | { ok: false; reason: "rateLimited"; retryAfterMinutes: number };

/**
 * Sends the message to every admin of the organization (validated by ContactSchema), unless the
 * sender or the organization is over its limit: then nothing is written. `senderUserId`: the
 * member who wrote, when logged in (their pending mails go if they delete their account).
 */
export async function sendAccessibilityContact(
  db: Db,
  input: { organizationId: number; origin: string; ip: string; senderUserId: number | null; message: ContactInput },
): Promise<ContactOutcome> {
  const { organizationId } = input;
  const key = senderKey(organizationId, input.ip);
  const run = async (tx: Tx): Promise<ContactOutcome> => {
    // One sender at a time per organization: two messages sent at once cannot both pass the limit.
    const [org] = await tx`select name, default_locale from organizations where id = ${organizationId} for update`;
    if (!org) return { ok: true, admins: 0 };
    await tx`delete from accessibility_contacts where organization_id = ${organizationId} and sent_at < now() - interval '1 day'`;
    const [limits] = await tx`
      select
        count(*) filter (where sender_key = ${key} and sent_at > now() - interval '1 hour')::int as by_sender,
        count(*)::int as by_organization,
        ceil(extract(epoch from (min(sent_at) filter (where sender_key = ${key} and sent_at > now() - interval '1 hour')
          + interval '1 hour' - now())) / 60)::int as sender_wait,
        ceil(extract(epoch from (min(sent_at) + interval '1 day' - now())) / 60)::int as organization_wait
      from accessibility_contacts where organization_id = ${organizationId}`;
    if (Number(limits!.by_sender) >= CONTACT_PER_SENDER_PER_HOUR) {
      return { ok: false, reason: "rateLimited", retryAfterMinutes: Math.max(1, Number(limits!.sender_wait ?? 60)) };
    }
    if (Number(limits!.by_organization) >= CONTACT_PER_ORGANIZATION_PER_DAY) {
      return { ok: false, reason: "rateLimited", retryAfterMinutes: Math.max(1, Number(limits!.organization_wait ?? 60)) };
    }
    await tx`insert into accessibility_contacts (organization_id, sender_key) values (${organizationId}, ${key})`;
    const admins = await tx`
      select id, email, locale from users
      where organization_id = ${organizationId} and role = 'admin' and deleted_at is null and email is not null
      order by id`;
    const page = oneLine(input.message.page).slice(0, PAGE_IN_BELL_MAX);
    for (const admin of admins) {
      await tx`
        insert into notifications (organization_id, user_id, kind, data)
        values (${organizationId}, ${admin.id}, 'accessibility_report', ${tx.json({ path: CONTACT_NOTIFICATION_PATH, page })})`;
      const locale = isLocale(admin.locale) ? admin.locale : isLocale(org.default_locale) ? org.default_locale : "fr";
      await enqueueMail(tx, {
        organizationId,
        to: String(admin.email),
        forUserId: Number(admin.id),
        aboutUserId: input.senderUserId,
        ...contactMail(locale, String(org.name), input.origin, input.message),
      });
    }
    if (admins.length > 0) {
      await recordEvent(tx, { type: "notification.created", organizationId, projectId: null, userIds: admins.map((a) => Number(a.id)), payload: {} });
    }
    return { ok: true, admins: admins.length };
  };
  return "begin" in db ? ((await (db as Sql).begin((tx) => run(tx as unknown as Tx))) as ContactOutcome) : run(db as Tx);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The mail to one admin, in their language: who wrote, how to answer, which page, what does not work. */
export function contactMail(locale: "fr" | "en", orgName: string, origin: string, message: ContactInput) {
  const t = getT(locale);
  const link = new URL(CONTACT_NOTIFICATION_PATH, origin).toString();
  const values = { name: message.name, email: message.email, page: oneLine(message.page), org: orgName };
  // "Nom : …" in French, "Name: …" in English; the text is mail text, never HTML until escaped below.
  const field = (label: string, value: string) =>
    t("accessibility:contact.mail.field", { label, value, interpolation: { escapeValue: false } }).trimEnd();
  const subject = t("accessibility:contact.mail.subject", { ...values, interpolation: { escapeValue: false } });
  const lines = [
    t("accessibility:contact.mail.intro", { ...values, interpolation: { escapeValue: false } }),
    "",
    field(t("accessibility:contact.name"), message.name),
    field(t("accessibility:contact.email"), message.email),
    field(t("accessibility:contact.page"), values.page),
    field(t("accessibility:contact.problem"), ""),
    message.problem,
    "",
    t("accessibility:contact.mail.answer", { ...values, interpolation: { escapeValue: false } }),
  ];
  const footer = t("accessibility:contact.mail.footer", { org: orgName, link, interpolation: { escapeValue: false } });
  const text = `${lines.join("\n")}\n\n--\n${footer}`;
  const html = `${lines
    .filter((line) => line !== "")
    .map((line) => `<p>${escapeHtml(line).replace(/\n/g, "<br>")}</p>`)
    .join("")}<hr><p>${escapeHtml(footer)}</p>`;
  return { subject, text, html };
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
