// Bundles the Express server (app/server/index.ts) with esbuild; npm packages stay external.
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";

await build({
  entryPoints: ["app/server/index.ts"],
  outfile: `${process.env.MAQUETTE_BUILD_DIR ?? "build"}/server/index.js`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  alias: { "~": path.resolve("app") },
  logLevel: "warning",
});
// npm start rebuilds only when the sources are newer than this stamp.
fs.writeFileSync(`${process.env.MAQUETTE_BUILD_DIR ?? "build"}/.stamp`, new Date().toISOString());
console.log(`built ${process.env.MAQUETTE_BUILD_DIR ?? "build"}/server/index.js`);
