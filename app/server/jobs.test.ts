import { describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { connect, getSql, sql } from "~/utils/db.server";
import { MAINTENANCE_JOBS, runJobOnce, type Job } from "./jobs.server";

describe("jobs", () => {
  it("cleans expired sessions, old failures, stale tokens and old sent mail", async () => {
    const org = await createTestOrganization();
    const user = await createTestUser(org.id);
    await sql`insert into sessions (id, organization_id, user_id, secret_hash, expires_at) values ('expiredsessionid0001', ${org.id}, ${user.id}, '\\x00', now() - interval '1 day')`;
    await sql`insert into auth_failures (organization_id, account_key, ip, failed_at) values (${org.id}, 'x', '1.1.1.1', now() - interval '1 hour')`;
    await sql`insert into mail_outbox (organization_id, to_address, subject, sent_at) values (${org.id}, 'a@b.example', 'old', now() - interval '8 days'), (${org.id}, 'a@b.example', 'recent', now())`;
    expect(await runJobOnce(getSql(), MAINTENANCE_JOBS.find((j) => j.name === "cleanup")!)).toBe(true);
    expect(await sql`select 1 from sessions where id = 'expiredsessionid0001'`).toHaveLength(0);
    expect(await sql`select 1 from auth_failures where account_key = 'x'`).toHaveLength(0);
    expect((await sql`select subject from mail_outbox where to_address = 'a@b.example'`).map((r) => r.subject)).toEqual(["recent"]);
  });

  it("runs a job on one instance at a time", async () => {
    let release!: () => void;
    let runs = 0;
    const job: Job = {
      name: "slow",
      lockKey: 42_4242,
      everyMs: 1000,
      run: () => {
        runs++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    };
    const other = connect(process.env.DATABASE_URL!, { max: 2 });
    const first = runJobOnce(getSql(), job);
    await new Promise((r) => setTimeout(r, 100));
    expect(await runJobOnce(other, job)).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(runs).toBe(1);
    await other.end();
  });
});
