// Build step: copies the browser files that packages ship but the Remix classic compiler does not
// emit: maplibre's worker into public/map/ (the map loads it with maplibregl.setWorkerUrl), and
// three's meshopt decoder into public/scenes/decoders/ (the 3D viewer imports it by URL: nothing is
// fetched from another host). Idempotent: writes only when a file is missing or differs,
// atomically, so that parallel builds never see a half-written file. The copies are git-ignored
// (public/map/.gitignore, public/scenes/.gitignore); a first line tells ESLint to leave vendored code alone.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const packageDir = (name) => path.dirname(require.resolve(`${name}/package.json`));
const FILES = [
  { from: path.join(packageDir("maplibre-gl"), "dist", "maplibre-gl-worker.mjs"), to: path.resolve("public", "map", "maplibre-gl-worker.mjs"), from_: "maplibre-gl" },
  {
    // three exports no package.json: its examples folder is found from its main module (build/three.cjs).
    from: path.join(path.dirname(require.resolve("three")), "..", "examples", "jsm", "libs", "meshopt_decoder.module.js"),
    to: path.resolve("public", "scenes", "decoders", "meshopt_decoder.module.js"),
    from_: "three",
  },
];

const header = (name) => `// Copied from ${name} by app/server/copy-map-assets.mjs: do not edit.\n`;

const digest = (content) => crypto.createHash("sha256").update(content).digest("hex");

for (const { from, to, from_: name } of FILES) {
  if (!fs.existsSync(from)) throw new Error(`copy-map-assets: ${from} is missing (is ${name} installed?)`);
  const content = Buffer.concat([Buffer.from(header(name)), fs.readFileSync(from)]);
  if (fs.existsSync(to) && digest(fs.readFileSync(to)) === digest(content)) continue;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, to);
  console.log(`copied ${path.relative(process.cwd(), from)} → ${path.relative(process.cwd(), to)}`);
}
