// `npm run dev`: the app rebuilt and restarted on every change, as the Remix stacks do with a
// custom server. Three processes:
//   - esbuild watches the Express server's sources (app/server/build.mjs --watch);
//   - `remix dev --manual` watches the app's routes and modules and rebuilds build/remix;
//   - it runs `node --watch build/server/index.js`, which restarts the server (and reloads the
//     Remix build) when either bundle changes; the server then tells `remix dev` it is ready.
// The embedded PostgreSQL stops and starts with each restart (tens of milliseconds, data kept).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";

const outDir = process.env.MAQUETTE_BUILD_DIR ?? "build";
// One process: the server restarts on every change, workers would only slow that down.
const env = { WEB_CONCURRENCY: "1", ...process.env, NODE_ENV: "development" };
const children = [];

function run(command, args) {
  const child = spawn(command, args, { stdio: "inherit", env });
  children.push(child);
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`[maquette dev] ${command} ${args.join(" ")} stopped (${code}); stopping`);
      stop(1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve() : c.on("exit", resolve))))).then(() => process.exit(code));
}
process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());

spawnSync(process.execPath, ["app/server/copy-map-assets.mjs"], { stdio: "inherit", env });
run(process.execPath, ["app/server/build.mjs", "--watch"]);
// The server bundle must exist before the first start of the app.
const waitForServer = setInterval(() => {
  if (!fs.existsSync(`${outDir}/server/index.js`)) return;
  clearInterval(waitForServer);
  run("npx", ["remix", "dev", "--manual", "-c", `node --watch --enable-source-maps ${outDir}/server/index.js`]);
}, 200);
