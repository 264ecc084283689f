// Sign-up must not tell whether an address has an account here: same status, headers, body and
// work (one Argon2 hash) for a new and an existing address; and the owner of an existing address
// gets at most one warning mail an hour, however many sign-ups try it.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "~/modules/auth/password.server";
import type * as Password from "~/modules/auth/password.server";
import { mailsTo } from "~/modules/users/testing.server";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { makeContext, makeRequest, run } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { action } from "./signup";

// The real hasher, counted: the existing-address path must do the same work as the new one.
vi.mock("~/modules/auth/password.server", async (importOriginal) => {
  const original = await importOriginal<typeof Password>();
  return { ...original, hashPassword: vi.fn(original.hashPassword) };
});

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
let org: Org;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville de Testville" });
});

// A block, not an arrow returning the mock: vitest would take a returned function for a cleanup hook.
beforeEach(() => {
  vi.mocked(hashPassword).mockClear();
});

const PASSWORD = "une phrase de passe assez longue";
let n = 0;
const freshEmail = () => `enum-${Date.now().toString(36)}-${n++}@example.org`;

async function signup(email: string): Promise<Response> {
  const context = await makeContext(org);
  const fields = { name: "Camille Martin", email, password: PASSWORD, passwordConfirm: PASSWORD, terms: "on" };
  const result = await run(() => action({ request: makeRequest("/signup", { form: fields, host: org.host }), context, params: {} }));
  if (!(result instanceof Response)) throw new Error("expected a Response");
  return result;
}

/** Every header, sorted, with those that carry the time of the answer left out. */
function headerList(response: Response): [string, string][] {
  return [...response.headers.entries()].filter(([name]) => !["date", "expires", "last-modified"].includes(name)).sort();
}

describe("sign-up answers the same for a new and an existing address", () => {
  it("same status, headers (no cookie on either) and body, and one password hash each", async () => {
    const existing = await createTestUser(org.id, { name: "Dominique Owner" });
    vi.mocked(hashPassword).mockClear();

    const fresh = await signup(freshEmail());
    expect(vi.mocked(hashPassword)).toHaveBeenCalledTimes(1);
    vi.mocked(hashPassword).mockClear();
    const duplicate = await signup(existing.email);
    expect(vi.mocked(hashPassword)).toHaveBeenCalledTimes(1);

    expect(duplicate.status).toBe(fresh.status);
    expect(headerList(duplicate)).toEqual(headerList(fresh));
    expect(fresh.headers.get("Set-Cookie")).toBeNull();
    expect(await duplicate.text()).toBe(await fresh.text());
  });
});

describe("the warning to the owner of an existing address", () => {
  it("goes at most once an hour, however many sign-ups try the address", async () => {
    const owner = await createTestUser(org.id, { name: "Dominique Owner" });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await signup(owner.email));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([302]));
    const warnings = () => mailsTo(owner.email).then((mails) => mails.filter((m) => m.subject.startsWith("Tentative d'inscription")));
    expect(await warnings()).toHaveLength(1);

    // An hour later, the next attempt warns again (once).
    await sql`update signup_warnings set sent_at = sent_at - interval '61 minutes' where user_id = ${owner.id}`;
    await signup(owner.email);
    await signup(owner.email);
    expect(await warnings()).toHaveLength(2);
  });

  it("is counted per account: another account's warnings do not hold it back", async () => {
    const first = await createTestUser(org.id);
    const second = await createTestUser(org.id);
    await signup(first.email);
    await signup(second.email);
    expect(await mailsTo(first.email)).toHaveLength(1);
    expect(await mailsTo(second.email)).toHaveLength(1);
  });
});
