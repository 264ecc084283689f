// Login throttling per account and per IP, in the database so that every instance sees it.
// A window, never a permanent lockout: the oldest failures age out and the door reopens.
import type { Db } from "~/utils/db.server";

export const WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;

export async function loginRetryAfter(db: Db, organizationId: number, accountKey: string, ip: string): Promise<number | null> {
  const [row] = await db`
    with account as (
      select failed_at from auth_failures
      where organization_id = ${organizationId} and account_key = ${accountKey}
        and failed_at > now() - make_interval(secs => ${WINDOW_SECONDS})
      order by failed_at desc offset ${ACCOUNT_LIMIT - 1} limit 1
    ), by_ip as (
      select failed_at from auth_failures
      where ip = ${ip} and failed_at > now() - make_interval(secs => ${WINDOW_SECONDS})
      order by failed_at desc offset ${IP_LIMIT - 1} limit 1
    )
    select greatest(
      (select extract(epoch from failed_at + make_interval(secs => ${WINDOW_SECONDS}) - now()) from account),
      (select extract(epoch from failed_at + make_interval(secs => ${WINDOW_SECONDS}) - now()) from by_ip)
    ) as retry_after`;
  const seconds = row?.retry_after == null ? null : Math.ceil(Number(row.retry_after));
  return seconds && seconds > 0 ? seconds : null;
}

export async function recordLoginFailure(db: Db, organizationId: number, accountKey: string, ip: string) {
  await db`insert into auth_failures (organization_id, account_key, ip) values (${organizationId}, ${accountKey}, ${ip})`;
}

export async function clearLoginFailures(db: Db, organizationId: number, accountKey: string) {
  await db`delete from auth_failures where organization_id = ${organizationId} and account_key = ${accountKey}`;
}

export async function pruneLoginFailures(db: Db) {
  await db`delete from auth_failures where failed_at < now() - make_interval(secs => ${WINDOW_SECONDS})`;
}
