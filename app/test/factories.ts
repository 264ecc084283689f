// Test data made directly in the database, as the Epic Stack does: faster than clicking through.
import type { Role } from "~/modules/permissions/permissions";
import { hashPassword } from "~/modules/auth/password.server";
import { createSession } from "~/modules/auth/session.server";
import { organizationOrigin } from "~/modules/organizations/origin";
import { sql } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createTestOrganization(input: { host?: string; name?: string } = {}) {
  const host = input.host ?? `org-${unique()}.test`;
  const [row] = await sql`
    insert into organizations (host, name) values (${host}, ${input.name ?? `Org ${host}`})
    returning id, host, name, default_locale, primary_color, logo_path`;
  return {
    id: Number(row!.id),
    host: String(row!.host),
    name: String(row!.name),
    defaultLocale: "fr" as const,
    primaryColor: String(row!.primary_color),
    logoPath: null,
    mapStyleUrl: null,
    accessibilityState: "non" as const,
    origin: organizationOrigin(String(row!.host), null, getEnv().PORT),
  };
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery staple";

export async function createTestUser(
  organizationId: number,
  input: { email?: string; name?: string; role?: Role; confirmed?: boolean; password?: string; systemAdmin?: boolean } = {},
) {
  const email = input.email ?? `user-${unique()}@example.org`;
  const passwordHash =
    input.password && input.password !== TEST_PASSWORD
      ? await hashPassword(input.password)
      : await (cachedHash ??= hashPassword(TEST_PASSWORD));
  const [row] = await sql`
    insert into users (organization_id, email, name, password_hash, role, email_confirmed_at, is_system_admin, terms_accepted_at)
    values (${organizationId}, ${email}, ${input.name ?? "Test User"}, ${passwordHash}, ${input.role ?? "citizen"},
            ${input.confirmed === false ? null : new Date()}, ${input.systemAdmin ?? false}, now())
    returning id`;
  return { id: Number(row!.id), organizationId, email, name: input.name ?? "Test User", role: input.role ?? "citizen" };
}

export async function createTestSession(user: { id: number; organizationId: number }) {
  return createSession(sql, { userId: user.id, organizationId: user.organizationId });
}
