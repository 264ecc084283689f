// Helpers for the account tests: read the outbox, follow links from mails, read answers.
import type { Organization } from "~/modules/organizations/queries.server";
import { headerOf, makeContext, makeRequest, run } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { action as loginAction } from "~/routes/_account+/login";

export type OutboxMail = { id: number; to: string; subject: string; text: string; html: string; organizationId: number | null };

export async function mailsTo(address: string): Promise<OutboxMail[]> {
  const rows = await sql`
    select id, to_address, subject, text_body, html_body, organization_id from mail_outbox
    where to_address = ${address} order by id`;
  return rows.map((r) => ({
    id: Number(r.id),
    to: String(r.to_address),
    subject: String(r.subject),
    text: String(r.text_body ?? ""),
    html: String(r.html_body ?? ""),
    organizationId: r.organization_id == null ? null : Number(r.organization_id),
  }));
}

export async function outboxCount(): Promise<number> {
  const [row] = await sql`select count(*)::int as n from mail_outbox`;
  return Number(row!.n);
}

/** The absolute links of a mail's text body that go to `pathname`. */
export function linksIn(text: string, pathname: string): URL[] {
  return (text.match(/https?:\/\/\S+/g) ?? []).map((l) => new URL(l)).filter((u) => u.pathname === pathname);
}

/** The one link to `pathname` in a mail, as a path with its query ("/confirm-email?token=…"). */
export function linkIn(mail: OutboxMail, pathname: string): string {
  const links = linksIn(mail.text, pathname);
  if (links.length !== 1) throw new Error(`expected one ${pathname} link in "${mail.subject}", found ${links.length}`);
  return links[0]!.pathname + links[0]!.search;
}

/** The session token a Set-Cookie header gives, or null for none / a blank cookie. */
export function sessionTokenOf(result: unknown): string | null {
  const cookie = headerOf(result, "Set-Cookie");
  const match = cookie ? /maquette_session=([^;]*)/.exec(cookie) : null;
  return match?.[1] ? match[1] : null;
}

export async function count(query: Promise<readonly Record<string, unknown>[]>): Promise<number> {
  const [row] = await query;
  return Number(row?.n ?? 0);
}

let loginIp = 0;

export async function canLogIn(org: Organization, email: string, password: string, ip = `10.9.${loginIp++ % 250}.9`): Promise<boolean> {
  const context = await makeContext(org, { ip });
  const result = await run(() => loginAction({ request: makeRequest("/login", { form: { email, password, redirectTo: "/" } }), context, params: {} }));
  return result instanceof Response && result.status === 302;
}
