import { describe, expect, it } from "vitest";
import { createTestOrganization } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { loadMapSettings } from "./settings.server";

describe("loadMapSettings", () => {
  it("gives the defaults of a new organization: Paris, zoom 12, local style", async () => {
    const org = await createTestOrganization();
    expect(await loadMapSettings(sql, org.id)).toEqual({ center: [2.3522, 48.8566], zoom: 12, styleUrl: null });
  });

  it("reads each organization's own settings", async () => {
    const lyon = await createTestOrganization();
    const other = await createTestOrganization();
    await sql`update organizations set map_center_lng = 4.8357, map_center_lat = 45.764, map_zoom = 13.5,
      map_style_url = 'https://tiles.example/style.json' where id = ${lyon.id}`;
    expect(await loadMapSettings(sql, lyon.id)).toEqual({ center: [4.8357, 45.764], zoom: 13.5, styleUrl: "https://tiles.example/style.json" });
    expect((await loadMapSettings(sql, other.id)).styleUrl).toBeNull();
  });

  it("refuses an unknown organization", async () => {
    await expect(loadMapSettings(sql, 987654)).rejects.toThrow(/not found/);
  });
});
