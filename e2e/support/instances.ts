// Helpers of the specs that run the app as an operator does, several processes or instances at once
// (e2e/cluster.spec.ts, e2e/nginx.spec.ts): a database of their own on the e2e PostgreSQL, members
// and a project in it, a comment posted over HTTP as a browser's form would, socket.io watchers.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import postgres from "postgres";
import { io, type Socket } from "socket.io-client";
import { hashPassword } from "../../app/modules/auth/password.server";
import { createSession, sessionCookieName } from "../../app/modules/auth/session.server";
import type { Db } from "../../app/utils/db.server";
import { insertProject } from "./data";
import { PG_ADMIN_URL } from "./env";

export const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** An empty database of its own on the e2e PostgreSQL (the apps migrate it). */
export async function createDatabase(prefix: string) {
  const name = `${prefix}_${suffix()}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

export type Member = { id: number; email: string; password: string; name: string; token: string };

/** A confirmed citizen of the organization answering on `host`, and a session of theirs. */
export async function insertMember(db: postgres.Sql, host: string, input: { role?: string; name?: string; password?: string } = {}): Promise<Member> {
  const [org] = await db`select id from organizations where host = ${host}`;
  const password = input.password ?? `pw-${suffix()}-correct horse`;
  const email = `member-${suffix()}@example.org`;
  const name = input.name ?? `Membre ${suffix()}`;
  const [row] = await db`
    insert into users (organization_id, email, name, password_hash, role, email_confirmed_at, terms_accepted_at)
    values (${org!.id}, ${email}, ${name}, ${await hashPassword(password)}, ${input.role ?? "citizen"}, now(), now())
    returning id`;
  const id = Number(row!.id);
  const { token } = await createSession(db as unknown as Db, { userId: id, organizationId: Number(org!.id), userAgent: "e2e instances" });
  return { id, email, password, name, token };
}

/** A published project open to comments, by an official of the organization on `host`. */
export async function insertOpenProject(db: postgres.Sql, host: string) {
  const [org] = await db`select id from organizations where host = ${host}`;
  const official = await insertMember(db, host, { role: "official" });
  const project = await insertProject(db, {
    organizationId: Number(org!.id),
    createdBy: official.id,
    title: `Place partagée ${suffix()}`,
    phases: { information: [-10, -1], co_construction: [0, null] },
  });
  return { ...project, organizationId: Number(org!.id) };
}

/** The session cookie on http://localhost (the app sets Secure, __Host- cookies there). */
export const sessionCookie = (member: Pick<Member, "token">) => `${sessionCookieName(true)}=${member.token}`;

/**
 * Posts a comment on the project as the browser's form does. Acknowledged = the app answered with
 * the redirect to the new comment; returns its id, or null with the reason when not acknowledged.
 */
export async function postComment(base: string, member: Member, projectId: number, body: string): Promise<{ id: number | null; status: number | string }> {
  try {
    const res = await fetch(`${base}/comments`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: base,
        cookie: sessionCookie(member),
      },
      body: new URLSearchParams({ intent: "create", targetType: "project", targetId: String(projectId), body }).toString(),
      signal: AbortSignal.timeout(15_000),
    });
    const location = res.headers.get("location") ?? "";
    const id = /#comment-(\d+)/.exec(location)?.[1];
    return { id: res.status === 302 && id ? Number(id) : null, status: res.status };
  } catch (error) {
    return { id: null, status: (error as Error).message };
  }
}

export type Watcher = { socket: Socket; events: { type: string }[]; disconnected: () => boolean };

/** A socket.io client on `base` subscribed to the project's room, recording the events it gets. */
export async function watchProject(base: string, projectId: number, transports: ("websocket" | "polling")[] = ["websocket"]): Promise<Watcher> {
  const socket = io(base, { transports, reconnection: false, forceNew: true, extraHeaders: { origin: base } });
  const events: { type: string }[] = [];
  let gone = false;
  socket.on("event", (message: { type: string }) => events.push(message));
  socket.on("disconnect", () => (gone = true));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const answer = await socket.timeout(5_000).emitWithAck("subscribe", { kind: "project", id: projectId });
  if (!(answer as { ok: boolean }).ok) throw new Error(`subscribe refused: ${JSON.stringify(answer)}`);
  return { socket, events, disconnected: () => gone };
}

/** Resolves once `predicate` holds, polling every 100 ms; throws with `what` after `ms`. */
export async function until(predicate: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The pids of a process's children (Linux /proc). */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** A program of the machine (redis-server, nginx), with its output kept. */
export function startProgram(command: string, args: string[]): { proc: ChildProcess; output: () => string } {
  const proc = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  proc.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  return { proc, output: () => output };
}
