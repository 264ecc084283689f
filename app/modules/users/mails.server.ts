// The account mails: written in the recipient's language, plain text plus simple HTML, each with
// absolute links built from the organization's canonical origin (never from the request). Enqueued inside the caller's transaction.
import type { Locale } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import type { Db } from "~/utils/db.server";

/** `origin`: the organization's canonical origin (Organization.origin), the base of every link. */
type Org = { id: number; name: string; origin: string };

type Block = { text: string } | { text: string; link: { label: string; url: string } };

/** `userId`: the account the mail is for, so that its mails go with it whatever address they went to. */
type Recipient = { to: string; name: string; locale: Locale; userId: number };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Builds the text and HTML bodies from the same blocks, so that both always say the same. */
function render(locale: Locale, org: Org, name: string, blocks: Block[]): { text: string; html: string } {
  const t = getT(locale);
  const greeting = t("mail:greeting", { name });
  const signature = t("mail:signature", { org: org.name });
  const fallback = t("mail:linkFallback");
  const text: string[] = [greeting];
  const html: string[] = [`<p>${escapeHtml(greeting)}</p>`];
  for (const block of blocks) {
    if ("link" in block) {
      text.push(`${block.text}\n${block.link.url}`);
      html.push(`<p>${escapeHtml(block.text)}</p>`);
      html.push(
        `<p><a href="${escapeHtml(block.link.url)}" style="display:inline-block;padding:10px 16px;background:#000091;color:#ffffff;text-decoration:underline;font-weight:bold">${escapeHtml(block.link.label)}</a></p>`,
      );
      html.push(`<p style="font-size:14px">${escapeHtml(fallback)}<br>${escapeHtml(block.link.url)}</p>`);
    } else {
      text.push(block.text);
      html.push(`<p>${escapeHtml(block.text)}</p>`);
    }
  }
  text.push(`-- \n${signature}`);
  html.push(`<p>${escapeHtml(signature)}</p>`);
  return {
    text: text.join("\n\n") + "\n",
    html: `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title></title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#161616">${html.join("\n")}</body></html>\n`,
  };
}

async function send(db: Db, org: Org, recipient: Recipient, subject: string, blocks: Block[]) {
  const body = render(recipient.locale, org, recipient.name, blocks);
  await enqueueMail(db, { organizationId: org.id, to: recipient.to, subject, ...body, forUserId: recipient.userId });
}

export const links = {
  confirm: (origin: string, token: string) => `${origin}/confirm-email?token=${encodeURIComponent(token)}`,
  reset: (origin: string, token: string) => `${origin}/reset-password?token=${encodeURIComponent(token)}`,
  login: (origin: string) => `${origin}/login`,
  forgot: (origin: string) => `${origin}/forgot-password`,
};

export async function mailConfirmAddress(db: Db, org: Org, recipient: Recipient, input: { token: string }) {
  const t = getT(recipient.locale);
  await send(db, org, recipient, t("mail:confirm.subject", { org: org.name }), [
    { text: t("mail:confirm.intro", { org: org.name }), link: { label: t("mail:confirm.action"), url: links.confirm(org.origin, input.token) } },
    { text: t("mail:confirm.ignore") },
  ]);
}

export async function mailSignupWithExistingAddress(db: Db, org: Org, recipient: Recipient) {
  const t = getT(recipient.locale);
  await send(db, org, recipient, t("mail:signupExisting.subject", { org: org.name }), [
    { text: t("mail:signupExisting.intro", { org: org.name }) },
    { text: t("mail:signupExisting.login"), link: { label: t("auth:login.submit"), url: links.login(org.origin) } },
    { text: t("mail:signupExisting.forgot"), link: { label: t("mail:reset.action"), url: links.forgot(org.origin) } },
    { text: t("mail:signupExisting.ignore") },
  ]);
}

export async function mailResetPassword(db: Db, org: Org, recipient: Recipient, input: { token: string }) {
  const t = getT(recipient.locale);
  await send(db, org, recipient, t("mail:reset.subject", { org: org.name }), [
    { text: t("mail:reset.intro", { org: org.name }), link: { label: t("mail:reset.action"), url: links.reset(org.origin, input.token) } },
    { text: t("mail:reset.ignore") },
  ]);
}

export async function mailConfirmNewAddress(db: Db, org: Org, recipient: Recipient, input: { token: string }) {
  const t = getT(recipient.locale);
  await send(db, org, recipient, t("mail:emailChange.subject", { org: org.name }), [
    {
      text: t("mail:emailChange.intro", { org: org.name }),
      link: { label: t("mail:emailChange.action"), url: links.confirm(org.origin, input.token) },
    },
    { text: t("mail:emailChange.ignore") },
  ]);
}

export async function mailEmailChangeNotice(db: Db, org: Org, recipient: Recipient, input: { newEmail: string }) {
  const t = getT(recipient.locale);
  await send(db, org, recipient, t("mail:emailChangeNotice.subject", { org: org.name }), [
    { text: t("mail:emailChangeNotice.intro", { org: org.name, email: input.newEmail }) },
    { text: t("mail:emailChangeNotice.when") },
    { text: t("mail:emailChangeNotice.notYou"), link: { label: t("mail:reset.action"), url: links.forgot(org.origin) } },
  ]);
}

export async function mailPasswordChanged(db: Db, org: Org, recipient: Recipient) {
  const t = getT(recipient.locale);
  await send(db, org, recipient, t("mail:passwordChanged.subject", { org: org.name }), [
    { text: t("mail:passwordChanged.intro", { org: org.name }) },
    { text: t("mail:passwordChanged.notYou"), link: { label: t("mail:reset.action"), url: links.forgot(org.origin) } },
  ]);
}
