// The default basemap needs nothing but this site: its style names only local paths, the
// neighbourhood's GeoJSON is the one db/demo/geography.ts makes (streets with names), and every
// font the style's labels use has its glyph files.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serializeTown } from "./map/write-geojson";

const PUBLIC = path.resolve("public");
const style = JSON.parse(fs.readFileSync(path.join(PUBLIC, "map/style.json"), "utf8")) as {
  glyphs?: string;
  sprite?: unknown;
  sources: Record<string, { type: string; data?: unknown; url?: string; tiles?: string[] }>;
  layers: { id: string; type: string; source?: string; layout?: Record<string, unknown> }[];
};

/** Every string of the style that a browser would fetch. */
function urlsOf(): string[] {
  const urls: string[] = [];
  if (style.glyphs) urls.push(style.glyphs);
  if (style.sprite) urls.push(...(Array.isArray(style.sprite) ? style.sprite.map((s: { url: string }) => s.url) : [String(style.sprite)]));
  for (const source of Object.values(style.sources)) {
    if (typeof source.data === "string") urls.push(source.data);
    if (source.url) urls.push(source.url);
    urls.push(...(source.tiles ?? []));
  }
  return urls;
}

describe("the local map style", () => {
  it("fetches only paths of this site", () => {
    const urls = urlsOf();
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url, url).toMatch(/^\/map\//);
      expect(url, url).not.toMatch(/\/\/|\\|\.\./);
    }
  });

  it("draws the committed neighbourhood, which is the one the geography makes", () => {
    const file = fs.readFileSync(path.join(PUBLIC, "map/demo-town.geojson"), "utf8");
    expect(file).toBe(serializeTown());
    const town = JSON.parse(file) as GeoJSON.FeatureCollection<GeoJSON.Geometry, { layer: string; name?: string }>;
    const streets = town.features.filter((f) => f.properties.layer === "street");
    expect(streets.length).toBeGreaterThanOrEqual(8);
    for (const street of streets) {
      expect(street.geometry.type).toBe("LineString");
      expect(street.properties.name, "a street has a name").toMatch(/^(Rue|Avenue|Allée|Quai|Passage|Boulevard|Place) /);
    }
    for (const layer of ["building", "green", "water", "square"]) {
      expect(town.features.some((f) => f.properties.layer === layer), layer).toBe(true);
    }
    const [source] = Object.values(style.sources);
    expect(source!.data).toBe("/map/demo-town.geojson");
  });

  it("has the glyphs of every font its labels use, for Latin-1 and Latin Extended-A/B", () => {
    const stacks = new Set<string>();
    for (const layer of style.layers) {
      if (layer.type !== "symbol") continue;
      const fonts = layer.layout?.["text-font"] as string[] | undefined;
      expect(fonts, `${layer.id} names its font (no default fetched elsewhere)`).toBeDefined();
      stacks.add(fonts!.join(","));
    }
    expect(stacks.size).toBeGreaterThan(0);
    for (const stack of stacks) {
      for (const range of ["0-255", "256-511"]) {
        const file = path.join(PUBLIC, style.glyphs!.replace("/map/", "map/").replace("{fontstack}", stack).replace("{range}", range));
        expect(fs.statSync(file).size, file).toBeGreaterThan(1000);
      }
    }
  });
});
