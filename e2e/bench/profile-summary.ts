// `npx tsx e2e/bench/profile-summary.ts <dir or .cpuprofile> [requests]`: what a V8 CPU profile of the
// server (BENCH_PROFILE=<dir> npm run bench:pages) spent its time on: busy milliseconds (and per
// request when the number of requests is given), then the self time by package and by function.
import fs from "node:fs";
import path from "node:path";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [target, requestsArg] = process.argv.slice(2);
if (!target) throw new Error("usage: profile-summary <dir|file.cpuprofile> [requests]");
const files = fs.statSync(target).isDirectory()
  ? fs.readdirSync(target).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(target, f))
  : [target];

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let busy = 0;
let idle = 0;
for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === "(idle)" || frame.functionName === "(program)") {
      idle += ms;
      return;
    }
    busy += ms;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1] ?? (frame.url.startsWith("node:") || !frame.url ? "(node)" : frame.url.includes("/build/") ? "(app build)" : "(app)");
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  });
}
const requests = Number(requestsArg ?? 0);
console.log(`${files.length} profile(s): busy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms${requests ? `, ${(busy / requests).toFixed(2)} ms per request` : ""}`);
const top = (map: Map<string, number>, n: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${((v / busy) * 100).toFixed(1).padStart(5)} %  ${v.toFixed(0).padStart(6)} ms  ${k}`)
    .join("\n");
console.log(`by package:\n${top(byPackage, 15)}\nby function (self time):\n${top(byFunction, 30)}`);
