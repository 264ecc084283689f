// Built app processes started by a spec (`node build/server/index.js`, as an operator runs it),
// each with its own environment, port and output.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import type { APIRequestContext } from "@playwright/test";
import { ROOT, SERVER_ENTRY } from "./env";

export type App = { proc: ChildProcess; output: () => string; exited: Promise<number | null> };

export function startApp(env: Record<string, string>): App {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|DATA_DIR|EMBEDDED_PG_PORT|PORT|SMTP_URL|REDIS_URL|DEMO_SEED|WEB_CONCURRENCY)$/.test(k)),
  );
  const proc = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    // One process unless the spec asks for workers: the specs that read the process's memory or
    // signal it mean the process that serves.
    env: { ...clean, NODE_ENV: "production", WEB_CONCURRENCY: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  proc.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { proc, output: () => output, exited };
}

export async function exitWithin(app: App, ms: number): Promise<number | null | "timeout"> {
  return Promise.race([app.exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);
}

export async function stopApp(app: App) {
  if (app.proc.exitCode !== null || app.proc.signalCode !== null) return;
  app.proc.kill("SIGTERM");
  if ((await exitWithin(app, 15_000)) === "timeout") app.proc.kill("SIGKILL");
}

export async function waitUntilServing(request: APIRequestContext, app: App, port: number, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (app.proc.exitCode !== null) throw new Error(`the app on :${port} exited (${app.proc.exitCode}):\n${app.output()}`);
    const ok = await request
      .get(`http://localhost:${port}/healthz`, { timeout: 2_000 })
      .then((r) => r.status() === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the app on :${port} did not answer /healthz within ${timeout} ms:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

