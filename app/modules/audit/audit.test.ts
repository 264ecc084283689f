import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshDatabase, runCli, type FreshDatabase } from "~/modules/admin/testing";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql, type Db, type Sql } from "~/utils/db.server";
import { eraseAuditPersonalData, hashEntry, listAuditEntries, recordAudit, verifyAuditChain } from "./audit.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization();
  other = await createTestOrganization();
});

async function countEntries(db: Db): Promise<number> {
  const [{ n }] = (await db`select count(*)::int as n from audit_log`) as unknown as [{ n: number }];
  return n;
}

/** What an attacker with superuser rights can do: switch the guard off, change a row, switch it on. */
async function tamper(db: Sql, statement: (tx: Db) => Promise<unknown>) {
  await db.begin(async (tx) => {
    await tx`alter table audit_log disable trigger audit_log_append_only`;
    await statement(tx as unknown as Db);
    await tx`alter table audit_log enable trigger audit_log_append_only`;
  });
}

describe("recordAudit and verifyAuditChain", () => {
  it("chains several entries, each pointing at the one before, and verifies them", async () => {
    const user = await createTestUser(org.id, { role: "admin" });
    const before = await verifyAuditChain(sql);
    expect(before.ok).toBe(true);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await recordAudit(sql, {
        organizationId: org.id,
        actorId: user.id,
        action: "test.step",
        subjectType: "thing",
        subjectId: i,
        data: { i, nested: { b: 2, a: [1, "x"] } },
      });
      ids.push(id);
    }
    const rows = await sql`select id, prev_hash, hash from audit_log where id = any(${ids}::bigint[]) order by id`;
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const after = await verifyAuditChain(sql);
    expect(after).toEqual({ ok: true, count: before.count + 5 });
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    const count = await countEntries(sql);
    await expect(
      sql.begin(async (tx) => {
        await recordAudit(tx as unknown as Db, { organizationId: org.id, actorId: null, action: "test.rolled_back" });
        throw new Error("the act failed");
      }),
    ).rejects.toThrow("the act failed");
    expect(await countEntries(sql)).toBe(count);
    expect((await verifyAuditChain(sql)).ok).toBe(true);
  });

  it("keeps a valid chain under 20 concurrent writers", async () => {
    const count = await countEntries(sql);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordAudit(sql, { organizationId: org.id, actorId: null, action: "test.concurrent", data: { i } }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(20);
    expect(await countEntries(sql)).toBe(count + 20);
    const verification = await verifyAuditChain(sql);
    expect(verification).toEqual({ ok: true, count: count + 20 });
  });

  it("hashes independently of the key order of the data", () => {
    const base = { id: 1, organizationId: 1, actorId: null, action: "a", subjectType: null, subjectId: null, createdAt: "x", prevHash: null };
    expect(hashEntry({ ...base, data: { a: 1, b: { c: 2, d: 3 } } })).toBe(hashEntry({ ...base, data: { b: { d: 3, c: 2 }, a: 1 } }));
    expect(hashEntry({ ...base, data: { a: 1 } })).not.toBe(hashEntry({ ...base, data: { a: 2 } }));
  });
});

describe("the append-only guard", () => {
  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    const { id } = await recordAudit(sql, { organizationId: org.id, actorId: null, action: "test.guarded" });
    await expect(sql`update audit_log set action = 'changed' where id = ${id}`).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = ${id}`).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`).rejects.toThrow(/append-only/);
    const [row] = await sql`select action from audit_log where id = ${id}`;
    expect(row!.action).toBe("test.guarded");
  });
});

describe("tampering is detected", () => {
  // On a database of its own, so that the broken chain does not leak into the other tests.
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await createFreshDatabase({ migrated: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  async function freshChain(n: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push((await recordAudit(db.sql, { organizationId: null, actorId: null, action: "test.entry", data: { i } })).id);
    return ids;
  }

  it("names the entry whose data was changed", async () => {
    const ids = await freshChain(4);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
    await tamper(db.sql, (tx) => tx`update audit_log set data = '{"i": 99}' where id = ${ids[2]!}`);
    // The trigger is back on.
    await expect(db.sql`update audit_log set data = '{}' where id = ${ids[0]!}`).rejects.toThrow(/append-only/);
    const result = await verifyAuditChain(db.sql);
    expect(result).toMatchObject({ ok: false, brokenId: ids[2], reason: "hash does not match the entry" });
  });

  it("names the entry after a deleted one, and after a re-hashed one", async () => {
    // A second database: the first chain is broken already.
    const second = await createFreshDatabase({ migrated: true });
    try {
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) ids.push((await recordAudit(second.sql, { organizationId: null, actorId: null, action: "test.entry" })).id);
      await tamper(second.sql, (tx) => tx`delete from audit_log where id = ${ids[1]!}`);
      expect(await verifyAuditChain(second.sql)).toMatchObject({
        ok: false,
        brokenId: ids[2],
        reason: "prev_hash does not match the previous entry",
        count: 1,
      });
    } finally {
      await second.drop();
    }
    const third = await createFreshDatabase({ migrated: true });
    try {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await recordAudit(third.sql, { organizationId: null, actorId: null, action: "test.entry" })).id);
      // A careful attacker changes the row and recomputes its hash: the next entry still points at the old one.
      const [row] = await third.sql`select * from audit_log where id = ${ids[0]!}`;
      const newHash = hashEntry({
        id: ids[0]!,
        organizationId: null,
        actorId: null,
        action: "test.forged",
        subjectType: null,
        subjectId: null,
        data: {},
        createdAt: (row!.created_at as Date).toISOString(),
        prevHash: null,
      });
      await tamper(third.sql, (tx) => tx`update audit_log set action = 'test.forged', hash = ${newHash} where id = ${ids[0]!}`);
      expect(await verifyAuditChain(third.sql)).toMatchObject({ ok: false, brokenId: ids[1] });
    } finally {
      await third.drop();
    }
  });
});

describe("listAuditEntries", () => {
  it("lists one organization's entries newest first, pages by id both ways, names actors", async () => {
    const admin = await createTestUser(other.id, { role: "admin", name: "Adèle Admin" });
    const gone = await createTestUser(other.id, { name: "Gaston Parti" });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await recordAudit(sql, { organizationId: other.id, actorId: i === 0 ? null : i === 1 ? gone.id : admin.id, action: `test.list${i}` })).id);
    }
    await recordAudit(sql, { organizationId: org.id, actorId: null, action: "test.elsewhere" });
    await sql`update users set deleted_at = now(), email = null, name = null where id = ${gone.id}`;

    const all = await listAuditEntries(sql, other.id);
    // organization.create is not there: the factory inserts organizations directly.
    expect(all.map((e) => e.id)).toEqual([...ids].reverse());
    expect(all.at(-1)).toMatchObject({ actorId: null, actorName: null });
    expect(all.at(-2)).toMatchObject({ actorId: gone.id, actorName: null });
    expect(all[0]).toMatchObject({ actorId: admin.id, actorName: "Adèle Admin" });

    const older = await listAuditEntries(sql, other.id, { beforeId: ids[3], limit: 2 });
    expect(older.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    const newer = await listAuditEntries(sql, other.id, { afterId: ids[1], limit: 2 });
    expect(newer.map((e) => e.id)).toEqual([ids[3], ids[2]]);
  });
});

describe("npm run verify:audit", () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await createFreshDatabase({ migrated: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("says OK with the count and exits 0, then names the broken entry and exits 1", async () => {
    const empty = await runCli("db/cli/verify-audit.ts", [], { DATABASE_URL: db.url });
    expect(empty).toMatchObject({ code: 0, stdout: "audit log OK: 0 entries" });

    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await recordAudit(db.sql, { organizationId: null, actorId: null, action: "test.cli", data: { i } })).id);
    const ok = await runCli("db/cli/verify-audit.ts", [], { DATABASE_URL: db.url });
    expect(ok).toMatchObject({ code: 0, stdout: "audit log OK: 3 entries" });

    await tamper(db.sql, (tx) => tx`update audit_log set data = '{"i": 42}' where id = ${ids[1]!}`);
    const broken = await runCli("db/cli/verify-audit.ts", [], { DATABASE_URL: db.url });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(`audit log BROKEN at entry #${ids[1]}: hash does not match the entry`);
  }, 60_000);

  it("prints one line and exits 1 when the database cannot be reached", async () => {
    const result = await runCli("db/cli/verify-audit.ts", [], { DATABASE_URL: "postgres://nobody:x@127.0.0.1:1/none" });
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^verify:audit failed: /);
  }, 30_000);
});

describe("personal data beside the chain", () => {
  it("keeps a text about a member out of the entry, shows it, and erases it without breaking the chain", async () => {
    const member = await createTestUser(org.id, { name: "Anatole Personnel" });
    const { id } = await recordAudit(sql, {
      organizationId: org.id,
      actorId: null,
      action: "moderation.block",
      subjectType: "user",
      subjectId: member.id,
      data: { kept: 1 },
      personal: { userId: member.id, data: { reason: "Anatole insulte les voisins" } },
    });
    // The entry itself holds a digest only; the admins' list shows the text.
    const [row] = await sql`select data from audit_log where id = ${id}`;
    expect(JSON.stringify(row!.data)).not.toContain("Anatole");
    expect(row!.data).toMatchObject({ kept: 1, personalDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const listed = (await listAuditEntries(sql, org.id, { limit: 200 })).find((e) => e.id === id);
    expect(listed!.data).toEqual({ kept: 1, reason: "Anatole insulte les voisins" });
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true });

    // A changed text no longer matches its digest.
    await sql`update audit_personal_data set data = ${sql.json({ reason: "autre chose" })} where audit_id = ${id}`;
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: false, brokenId: id, reason: "personal data does not match the entry" });

    // Erased with the account: the chain stays valid, the list shows the entry without the text.
    expect(await eraseAuditPersonalData(sql, org.id, member.id)).toBe(1);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true });
    const after = (await listAuditEntries(sql, org.id, { limit: 200 })).find((e) => e.id === id);
    expect(after!.data).toEqual({ kept: 1 });
  });
});
