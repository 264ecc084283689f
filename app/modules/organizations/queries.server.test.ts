// Organizations by host name: the cache the Express server reads on every request is one for
// the whole process, so that a settings change saved in the Remix bundle reaches it at once
// (the CSP follows the organization's map style).
import { describe, expect, it, vi } from "vitest";
import { createTestOrganization } from "~/test/factories";
import { sql } from "~/utils/db.server";

describe("findOrganizationByHost", () => {
  it("selects the map style URL, and forgetting the cache in one copy of the module reaches the other", async () => {
    const org = await createTestOrganization();
    const serverCopy = await import("./queries.server");
    vi.resetModules();
    const remixCopy = await import("./queries.server");
    expect(remixCopy).not.toBe(serverCopy);

    expect(await serverCopy.findOrganizationByHost(`${org.host.toUpperCase()}:443`)).toMatchObject({ id: org.id, mapStyleUrl: null });
    const style = "https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json";
    await sql`update organizations set map_style_url = ${style} where id = ${org.id}`;
    expect((await serverCopy.findOrganizationByHost(org.host))?.mapStyleUrl).toBeNull(); // still cached
    remixCopy.forgetOrganizationCache();
    expect((await serverCopy.findOrganizationByHost(org.host))?.mapStyleUrl).toBe(style);
    expect(await serverCopy.findOrganizationByHost("nobody.invalid")).toBeNull();
  });
});
