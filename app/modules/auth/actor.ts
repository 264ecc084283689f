// Who is acting in a request, built once from the session (app/server/auth-middleware.server.ts)
// and handed to every loader and action as `context.actor`. Policies (`decide` in each domain's
// policy.ts) take it; `can()` stays the role table they are built on. Client-safe: types and
// pure functions only.
import type { Role } from "~/modules/permissions/permissions";
import type { SessionUser } from "./session.server";

/** How the person proved who they are: a password today, FranceConnect later. */
export type LoginMethod = "password" | "franceconnect";

export type Actor = {
  /** null: an anonymous visitor. */
  user: SessionUser | null;
  /** The organization of the request (the host): roles count only there. */
  organizationId: number;
  /** The member's role in this organization, null when anonymous. */
  role: Role | null;
  systemAdmin: boolean;
  loginMethod: LoginMethod | null;
  /** The person an aidant acts for (not yet: always null). */
  actingFor: null;
};

/** The actor of a request of `organizationId`, from its session (null: anonymous). */
export function actorOf(organizationId: number, user: SessionUser | null | undefined): Actor {
  // A session is only ever resolved inside its own organization; a user of another one acts as nobody.
  const member = user && user.organizationId === organizationId ? user : null;
  return {
    user: member,
    organizationId,
    role: member?.role ?? null,
    systemAdmin: member?.isSystemAdmin ?? false,
    loginMethod: member ? "password" : null,
    actingFor: null,
  };
}
