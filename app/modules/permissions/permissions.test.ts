import { describe, expect, it } from "vitest";
import { can, isRole, ORG_ACTIONS, ROLES, type Actor, type OrgAction, type Role } from "./permissions";

// The role × action table, written out by hand: a change to GRANTS must change this table too.
//                                  citizen aidant moderator official admin
const TABLE: Record<OrgAction, [boolean, boolean, boolean, boolean, boolean]> = {
  "account.manage": /*            */ [true, true, true, true, true],
  "contribution.create": /*       */ [true, true, true, true, true],
  "aidant.actFor": /*             */ [false, true, false, false, true],
  "moderation.access": /*         */ [false, false, true, false, true],
  "project.manage": /*            */ [false, false, false, true, true],
  "admin.access": /*              */ [false, false, false, false, true],
  "admin.members.view": /*        */ [false, false, false, false, true],
  "admin.members.changeRole": /*  */ [false, false, false, false, true],
  "admin.audit.view": /*          */ [false, false, false, false, true],
  "admin.organization.edit": /*   */ [false, false, false, false, true],
};
const COLUMNS: Role[] = ["citizen", "aidant", "moderator", "official", "admin"];

const ORG = 10;
const OTHER_ORG = 20;
const actor = (role: Role, extra: Partial<NonNullable<Actor>> = {}): NonNullable<Actor> => ({
  id: 1,
  organizationId: ORG,
  role,
  isSystemAdmin: false,
  ...extra,
});

const cases = ORG_ACTIONS.flatMap((action) => COLUMNS.map((role, i) => ({ action, role, expected: TABLE[action][i]! })));

describe("can: the role × action table", () => {
  it("covers exactly the organization actions and the roles", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ORG_ACTIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...ROLES].sort());
  });

  it.each(cases)("$role → $action: $expected", ({ action, role, expected }) => {
    // The subject is another member of the same organization.
    expect(can(actor(role), action, { organizationId: ORG, userId: 2 })).toBe(expected);
    expect(can(actor(role), action, { organizationId: ORG })).toBe(expected);
  });
});

describe("can: boundaries", () => {
  it.each(cases)("refuses $role → $action on another organization's subject", ({ action, role }) => {
    expect(can(actor(role), action, { organizationId: OTHER_ORG, userId: 2 })).toBe(false);
    // Being a system admin grants nothing inside another organization either.
    expect(can(actor(role, { isSystemAdmin: true }), action, { organizationId: OTHER_ORG })).toBe(false);
  });

  it("refuses every organization action without a subject", () => {
    for (const action of ORG_ACTIONS) expect(can(actor("admin"), action)).toBe(false);
  });

  it("refuses everything to nobody (null or undefined)", () => {
    for (const action of [...ORG_ACTIONS, "system.organizations.manage" as const]) {
      expect(can(null, action, { organizationId: ORG })).toBe(false);
      expect(can(undefined, action, { organizationId: ORG })).toBe(false);
    }
  });

  it("gives the system action to system admins only, whatever their role", () => {
    for (const role of ROLES) {
      expect(can(actor(role), "system.organizations.manage")).toBe(false);
      expect(can(actor(role, { isSystemAdmin: true }), "system.organizations.manage")).toBe(true);
      expect(can(actor(role, { isSystemAdmin: true }), "system.organizations.manage", { organizationId: OTHER_ORG })).toBe(true);
    }
  });

  it("lets nobody change their own role, not even an admin or a system admin", () => {
    expect(can(actor("admin"), "admin.members.changeRole", { organizationId: ORG, userId: 1 })).toBe(false);
    expect(can(actor("admin", { isSystemAdmin: true }), "admin.members.changeRole", { organizationId: ORG, userId: 1 })).toBe(false);
    expect(can(actor("admin"), "admin.members.changeRole", { organizationId: ORG, userId: 2 })).toBe(true);
    // Viewing one's own row stays allowed.
    expect(can(actor("admin"), "admin.members.view", { organizationId: ORG, userId: 1 })).toBe(true);
  });

  it("recognizes roles", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ["", "ADMIN", "system", null, undefined, 3]) expect(isRole(value)).toBe(false);
  });
});
