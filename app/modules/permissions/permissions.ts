// Who may do what, in which organization: one pure function used by every loader, action and
// socket event. Shared with the browser only to hide controls; the server always decides.

export const ROLES = ["citizen", "aidant", "moderator", "official", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** What each role may do inside its own organization. Admin may do everything listed. */
const GRANTS = {
  "account.manage": ["citizen", "aidant", "moderator", "official", "admin"],
  "contribution.create": ["citizen", "aidant", "moderator", "official", "admin"],
  "aidant.actFor": ["aidant", "admin"],
  "moderation.access": ["moderator", "admin"],
  "project.manage": ["official", "admin"],
  "admin.access": ["admin"],
  "admin.members.view": ["admin"],
  "admin.members.changeRole": ["admin"],
  "admin.audit.view": ["admin"],
  "admin.organization.edit": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type OrgAction = keyof typeof GRANTS;
export type SystemAction = "system.organizations.manage";
export type Action = OrgAction | SystemAction;
export const ORG_ACTIONS = Object.keys(GRANTS) as OrgAction[];

export type Actor = { id: number; organizationId: number; role: Role; isSystemAdmin: boolean } | null | undefined;

export type Subject = {
  /** The organization the thing belongs to. */
  organizationId: number;
  /** For acts on a member: that member's id (nobody changes their own role). */
  userId?: number;
};

export function can(actor: Actor, action: Action, subject?: Subject): boolean {
  if (!actor) return false;
  if (action === "system.organizations.manage") return actor.isSystemAdmin;
  if (!subject || subject.organizationId !== actor.organizationId) return false;
  const allowed = (GRANTS[action] as readonly Role[]).includes(actor.role);
  if (!allowed) return false;
  if (action === "admin.members.changeRole" && subject.userId === actor.id) return false;
  return true;
}
