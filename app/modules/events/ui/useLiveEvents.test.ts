import { describe, expect, it } from "vitest";
import { messageOf } from "../events";
import { inScopes } from "./useLiveEvents";

describe("which messages a live page listens to", () => {
  it("a project page the events of its project; the bell the notifications", () => {
    const supported = messageOf({ type: "proposal.supported", organizationId: 1, projectId: 5, payload: { proposalId: 2, supportsCount: 3 } });
    const notified = messageOf({ type: "notification.created", organizationId: 1, projectId: null, userIds: [9], payload: {} });
    expect(inScopes(supported, [{ kind: "project", id: 5 }])).toBe(true);
    expect(inScopes(supported, [{ kind: "project", id: 6 }])).toBe(false);
    expect(inScopes(supported, [{ kind: "user", id: 9 }])).toBe(false);
    expect(inScopes(notified, [{ kind: "user", id: 9 }])).toBe(true);
    expect(inScopes(notified, [{ kind: "project", id: 5 }])).toBe(false);
  });
});
