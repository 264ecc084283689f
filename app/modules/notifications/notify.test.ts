import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { notify } from "./notify.server";

let org: { id: number };
beforeAll(async () => {
  org = await createTestOrganization();
});

describe("notify", () => {
  it("writes the bell row and a mail in the recipient's language, with an absolute link", async () => {
    const user = await createTestUser(org.id);
    await sql`update users set locale = 'en' where id = ${user.id}`;
    const result = await notify(sql, {
      organizationId: org.id,
      userId: user.id,
      kind: "proposal_answered",
      data: { path: "/projects/p/proposals/1", proposalTitle: "More trees", status: "accepted" },
      origin: "https://ville.example",
    });
    expect(result).toEqual({ inApp: true, email: true });
    const [n] = await sql`select kind, data from notifications where user_id = ${user.id}`;
    expect(n).toMatchObject({ kind: "proposal_answered", data: { proposalTitle: "More trees" } });
    const [mail] = await sql`select subject, text_body from mail_outbox where to_address = ${user.email}`;
    expect(mail!.subject).toBe('Answer to your proposal "More trees"');
    expect(mail!.text_body).toContain("https://ville.example/projects/p/proposals/1");
  });

  it("respects the settings of each channel, and skips deleted accounts", async () => {
    const user = await createTestUser(org.id);
    await sql`update users set notification_settings = ${sql.json({ comment_reply: { inApp: true, email: false } })} where id = ${user.id}`;
    const data = { path: "/x", authorName: "Bea", targetTitle: "T" };
    expect(await notify(sql, { organizationId: org.id, userId: user.id, kind: "comment_reply", data, origin: "https://v.example" })).toEqual({
      inApp: true,
      email: false,
    });
    expect(await sql`select 1 from mail_outbox where to_address = ${user.email}`).toHaveLength(0);
    await sql`update users set deleted_at = now(), email = null, name = null where id = ${user.id}`;
    expect(await notify(sql, { organizationId: org.id, userId: user.id, kind: "comment_reply", data, origin: "https://v.example" })).toEqual({
      inApp: false,
      email: false,
    });
  });

  it("never notifies across organizations", async () => {
    const other = await createTestOrganization();
    const user = await createTestUser(other.id);
    const result = await notify(sql, { organizationId: org.id, userId: user.id, kind: "comment_reply", data: { path: "/" }, origin: "https://v.example" });
    expect(result).toEqual({ inApp: false, email: false });
  });
});
