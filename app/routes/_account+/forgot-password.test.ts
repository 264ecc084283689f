import { beforeAll, describe, expect, it } from "vitest";
import { TOKENS_PER_HOUR } from "~/modules/auth/tokens.server";
import { linkIn, mailsTo, outboxCount } from "~/modules/users/testing.server";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { dataOf, makeContext, makeRequest, run, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { action, FORGOT_PASSWORD_MIN_MS } from "./forgot-password";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;
let other: Org;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Bourg-en-Test" });
  other = await createTestOrganization();
});

async function ask(o: Org, email: string, locale: "fr" | "en" = "fr") {
  const context = await makeContext(o, { locale });
  const started = performance.now();
  const result = await run(() => action({ request: makeRequest("/forgot-password", { form: { email }, host: o.host }), context, params: {} }));
  return { result, ms: performance.now() - started };
}

describe("forgotten password", () => {
  it("answers the same, no sooner, for an existing and an unknown address; only the account gets a link", async () => {
    const user = await createTestUser(org.id, { name: "Alex" });
    const known = await ask(org, user.email);
    const unknown = await ask(org, "personne@example.org");
    expect(statusOf(known.result)).toBe(200);
    expect(statusOf(unknown.result)).toBe(200);
    expect(JSON.stringify(dataOf(known.result))).toBe(JSON.stringify(dataOf(unknown.result)).replace("personne@example.org", user.email));
    expect(dataOf(known.result)).toMatchObject({ sentTo: user.email });
    expect(known.ms).toBeGreaterThanOrEqual(FORGOT_PASSWORD_MIN_MS - 5);
    expect(unknown.ms).toBeGreaterThanOrEqual(FORGOT_PASSWORD_MIN_MS - 5);

    const mails = await mailsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Choisir un nouveau mot de passe – Bourg-en-Test");
    expect(linkIn(mails[0]!, "/reset-password")).toMatch(/^\/reset-password\?token=[a-z0-9]{20}\.[a-z0-9]{32}$/);
    expect(await mailsTo("personne@example.org")).toHaveLength(0);
  });

  it("writes the mail in the account's language", async () => {
    const user = await createTestUser(org.id);
    await sql`update users set locale = 'en' where id = ${user.id}`;
    await ask(org, user.email, "fr");
    expect((await mailsTo(user.email))[0]!.subject).toBe("Choose a new password – Bourg-en-Test");
  });

  it(`sends at most ${TOKENS_PER_HOUR} links an hour to one account, answering the same`, async () => {
    const user = await createTestUser(org.id);
    const answers = [];
    for (let i = 0; i <= TOKENS_PER_HOUR; i++) answers.push(JSON.stringify(dataOf((await ask(org, user.email)).result)));
    expect(new Set(answers).size).toBe(1);
    expect(await mailsTo(user.email)).toHaveLength(TOKENS_PER_HOUR);
  });

  it("sends nothing for an account of another organization or a deleted account", async () => {
    const user = await createTestUser(org.id);
    const gone = await createTestUser(org.id);
    await sql`update users set email = null, name = null, password_hash = null, deleted_at = now() where id = ${gone.id}`;
    const before = await outboxCount();
    await ask(other, user.email);
    await ask(org, gone.email);
    expect(await outboxCount()).toBe(before);
  });

  it("refuses a malformed address with a message next to the field and keeps it", async () => {
    const before = await outboxCount();
    const { result } = await ask(org, "pas-une-adresse");
    expect(statusOf(result)).toBe(400);
    const reply = dataOf<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> }; sentTo: null }>(result);
    expect(reply.result.error).toEqual({ email: ["errors.email"] });
    expect(reply.result.initialValue.email).toBe("pas-une-adresse");
    expect(reply.sentTo).toBeNull();
    expect(await outboxCount()).toBe(before);
  });
});
