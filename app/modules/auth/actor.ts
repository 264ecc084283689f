// Who is acting in a request, built once from the session (app/server/auth-middleware.server.ts)
// and handed to every loader and action as `context.actor`. Policies (`decide` in each domain's
// policy.ts) take it; `can()` stays the role table they are built on. Client-safe: types and
// pure functions only.
import type { Role } from "~/modules/permissions/permissions";
import type { Session, SessionUser } from "./session.server";

/** How the person proved who they are: a password, or an OpenID Connect provider (FranceConnect...). */
export type LoginMethod = "password" | "oidc";

/** The provider of an OpenID Connect login; `kind` is "franceconnect", "proconnect" or "oidc". */
export type IdentityProviderRef = { id: number; kind: string };

export type Actor = {
  /** null: an anonymous visitor. */
  user: SessionUser | null;
  /** The organization of the request (the host): roles count only there. */
  organizationId: number;
  /** The member's role in this organization, null when anonymous. */
  role: Role | null;
  systemAdmin: boolean;
  loginMethod: LoginMethod | null;
  /** The provider of this session's login (null: a password, or anonymous). */
  identityProvider: IdentityProviderRef | null;
  /** When the member's verification as a resident ends (ISO); null: not a verified resident (or expired). */
  verifiedResidentUntil: string | null;
  /** YYYY-MM-DD from a verified identity or an in-person check; null: unknown (age rules then refuse). */
  birthDate: string | null;
  /** The person an aidant acts for (not yet: always null). */
  actingFor: null;
};

/** The actor of a request of `organizationId`, from its session (null: anonymous). */
export function actorOf(
  organizationId: number,
  user: SessionUser | null | undefined,
  session?: Pick<Session, "login"> | null,
): Actor {
  // A session is only ever resolved inside its own organization; a user of another one acts as nobody.
  const member = user && user.organizationId === organizationId ? user : null;
  const login = member ? (session?.login ?? { method: "password" as const }) : null;
  return {
    user: member,
    organizationId,
    role: member?.role ?? null,
    systemAdmin: member?.isSystemAdmin ?? false,
    loginMethod: login?.method ?? null,
    identityProvider: login?.method === "oidc" ? { id: login.providerId, kind: login.providerKind } : null,
    verifiedResidentUntil: member?.residentUntil ?? null,
    birthDate: member?.birthDate ?? null,
    actingFor: null,
  };
}
