// Writes public/map/demo-town.geojson from db/demo/geography.ts (`npx tsx db/demo/map/write-geojson.ts`).
// The file is committed; db/demo/map.test.ts checks it still matches the geography.
import fs from "node:fs";
import path from "node:path";
import { buildTownGeoJSON } from "../geography";

export const TOWN_GEOJSON_PATH = path.resolve("public/map/demo-town.geojson");

/** One feature a line: small, and readable in a diff. */
export function serializeTown(): string {
  const town = buildTownGeoJSON();
  const lines = town.features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${lines.join(",\n")}\n]}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("db/demo/map/write-geojson.ts")) {
  fs.writeFileSync(TOWN_GEOJSON_PATH, serializeTown());
  console.log(`wrote ${path.relative(process.cwd(), TOWN_GEOJSON_PATH)}`);
}
