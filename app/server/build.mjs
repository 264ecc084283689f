// Bundles the Express server (app/server/index.ts) with esbuild; npm packages stay external.
// `--watch` (npm run dev) rebuilds it on every change of its sources.
import { context } from "esbuild";
import fs from "node:fs";
import path from "node:path";

const outDir = process.env.MAQUETTE_BUILD_DIR ?? "build";
const watch = process.argv.includes("--watch");

const ctx = await context({
  entryPoints: ["app/server/index.ts"],
  outfile: `${outDir}/server/index.js`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  alias: { "~": path.resolve("app") },
  logLevel: watch ? "info" : "warning",
});
await ctx.rebuild();
// The 3D model pipeline runs in a worker thread (app/modules/scenes/pipeline/run.server.ts): its
// own bundle, beside the server's.
const worker = await context({
  entryPoints: ["app/modules/scenes/pipeline/worker.server.ts"],
  outfile: `${outDir}/server/scene-pipeline-worker.js`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  alias: { "~": path.resolve("app") },
  logLevel: watch ? "info" : "warning",
});
await worker.rebuild();
// npm start rebuilds only when the sources are newer than this stamp.
fs.writeFileSync(`${outDir}/.stamp`, new Date().toISOString());
console.log(`built ${outDir}/server/index.js`);
if (watch) await Promise.all([ctx.watch(), worker.watch()]);
else await Promise.all([ctx.dispose(), worker.dispose()]);
