// Build step: copies maplibre's worker from the package into public/map/ (the Remix classic compiler
// does not emit it; the map loads it with maplibregl.setWorkerUrl). Idempotent: writes only when the
// file is missing or differs, atomically, so that parallel builds never see a half-written worker.
// The copy is git-ignored (public/map/.gitignore); a first line tells ESLint to leave the vendored code alone.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve("maplibre-gl/package.json"));
const FILES = [{ from: path.join(packageDir, "dist", "maplibre-gl-worker.mjs"), to: path.resolve("public", "map", "maplibre-gl-worker.mjs") }];

const HEADER = "// Copied from maplibre-gl by app/server/copy-map-assets.mjs: do not edit.\n";

const digest = (content) => crypto.createHash("sha256").update(content).digest("hex");

for (const { from, to } of FILES) {
  if (!fs.existsSync(from)) throw new Error(`copy-map-assets: ${from} is missing (is maplibre-gl installed?)`);
  const content = Buffer.concat([Buffer.from(HEADER), fs.readFileSync(from)]);
  if (fs.existsSync(to) && digest(fs.readFileSync(to)) === digest(content)) continue;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, to);
  console.log(`copied ${path.relative(process.cwd(), from)} → ${path.relative(process.cwd(), to)}`);
}
