// `npm start`: builds the app when the build is missing or older than the sources, then runs it.
// The cluster's workers run this file too (node:cluster forks the primary's script): only the
// primary looks at the build.
import { execSync } from "node:child_process";
import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const SOURCES = ["app", "db", "scenes", "remix.config.js", "package-lock.json", "app/server/build.mjs"];
const BUILD_DIR = process.env.MAQUETTE_BUILD_DIR ?? "build";
const STAMP = `${BUILD_DIR}/.stamp`;

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

if (cluster.isPrimary) {
  const built = fs.existsSync(STAMP) ? fs.statSync(STAMP).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map(newest));
  if (!built || changed > built || !fs.existsSync(`${BUILD_DIR}/server/index.js`)) {
    console.log("[maquette] building the app (first start or sources changed)…");
    execSync("npm run build --silent", { stdio: "inherit" });
    fs.writeFileSync(STAMP, new Date().toISOString());
  }
}
process.env.NODE_ENV ??= "production";
await import(pathToFileURL(path.resolve(BUILD_DIR, "server/index.js")).href);
