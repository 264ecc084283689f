// Sends one notification: a row for the bell (unless switched off) and a mail through the outbox
// (unless switched off), in the recipient's language. Call it inside the act's transaction.
import { isLocale } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { recordEvent } from "~/modules/events/outbox.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import type { Db } from "~/utils/db.server";
import { safeRedirectPath } from "~/utils/redirect";
import { readSettings, type NotificationKind } from "./kinds";

export type NotificationData = {
  /** Path inside the organization's site, e.g. /projects/place-verte/proposals/12 */
  path: string;
  /** Values for the message: projectTitle, proposalTitle, phase, reason… (already plain text). */
  [key: string]: string;
};

/**
 * `origin`: the organization's canonical origin (Organization.origin, or siteOrigin in background
 * jobs), never one taken from the request: the mail's link is that origin plus the data's path.
 */
export async function notify(
  db: Db,
  input: {
    organizationId: number;
    userId: number;
    kind: NotificationKind;
    data: NotificationData;
    origin: string;
    /**
     * The member the notification names (a reply's author). Stored by id only, the name read when
     * the list is shown (see inbox.server.ts), so that deleting their account leaves no name here.
     */
    author?: { id: number; name: string };
  },
): Promise<{ inApp: boolean; email: boolean }> {
  const [user] = await db`
    select u.email, u.locale, u.notification_settings, u.deleted_at, o.default_locale, o.name as org_name
    from users u join organizations o on o.id = u.organization_id
    where u.id = ${input.userId} and u.organization_id = ${input.organizationId}`;
  if (!user || user.deleted_at) return { inApp: false, email: false };
  const settings = readSettings(user.notification_settings)[input.kind];
  if (settings.inApp) {
    await db`
      insert into notifications (organization_id, user_id, kind, data)
      values (${input.organizationId}, ${input.userId}, ${input.kind}, ${db.json(storedData(input) as never)})`;
    // The bell of the recipient only (their own room): it reloads its count through the loaders.
    await recordEvent(db, { type: "notification.created", organizationId: input.organizationId, projectId: null, userIds: [input.userId], payload: {} });
  }
  const email = settings.email && Boolean(user.email);
  if (email) {
    const locale = isLocale(user.locale) ? user.locale : isLocale(user.default_locale) ? user.default_locale : "fr";
    // Dynamic keys and values: the typed t() cannot check them, the test does.
    const t = getT(locale) as unknown as (key: string, values?: Record<string, string>) => string;
    const values = { ...input.data, ...(input.author ? { authorName: input.author.name } : {}), org: String(user.org_name) };
    // A path of this site only: never `//elsewhere`, whatever ended up in the data.
    const url = new URL(safeRedirectPath(input.data.path, "/"), input.origin).toString();
    const subject = t(`notifications:mail.${input.kind}.subject`, values);
    const body = t(`notifications:mail.${input.kind}.body`, values);
    const footer = t("notifications:mail.footer", { org: String(user.org_name) });
    await enqueueMail(db, {
      organizationId: input.organizationId,
      to: String(user.email),
      forUserId: input.userId,
      // Names the author: dropped, if still unsent, when the author deletes their account.
      aboutUserId: input.author?.id ?? null,
      subject,
      text: `${body}\n\n${url}\n\n--\n${footer}`,
      html: `<p>${escape(body)}</p><p><a href="${escape(url)}">${escape(url)}</a></p><hr><p>${escape(footer)}</p>`,
    });
  }
  return { inApp: settings.inApp, email };
}

/** What the bell keeps: the data, the author by id only (never a name). */
function storedData(input: { data: NotificationData; author?: { id: number } }): NotificationData {
  const { authorName: _name, ...data } = input.data;
  return input.author ? { ...data, authorId: String(input.author.id) } : data;
}

function escape(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
