// Bundles the Express server (app/server/index.ts) with esbuild; npm packages stay external.
import { build } from "esbuild";
import path from "node:path";

await build({
  entryPoints: ["app/server/index.ts"],
  outfile: "build/server/index.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  alias: { "~": path.resolve("app") },
  logLevel: "warning",
});
console.log("built build/server/index.js");
