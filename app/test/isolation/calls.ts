// Calling a route's loader or action the way the server would, on one organization's host, as
// one of its viewers, and reading the answer as text: what the status is, where it redirects,
// and whether anything of another organization shows in it.
import type { AppLoadContext } from "@remix-run/node";
import type { Organization } from "~/modules/organizations/queries.server";
import { contextFor, isDataWithInit, run } from "~/test/remix";
import type { Member } from "./dataset";

export const VIEWERS = ["anonymous", "citizen", "admin"] as const;
export type Viewer = (typeof VIEWERS)[number];

/** A status, a redirect to the login page, or a redirect whose target starts with the given path. */
export type Expected = number | "login" | `redirect:${string}`;
export type Expectations = Record<Viewer, Expected>;

export const all = (expected: Expected): Expectations => ({ anonymous: expected, citizen: expected, admin: expected });
export const roles = (anonymous: Expected, citizen: Expected, admin: Expected): Expectations => ({ anonymous, citizen, admin });

export type FormValue = string | string[] | File;

export type RouteCall = {
  /** What the call tries, for the failure messages. */
  label: string;
  /** Path and query, on the organization's host. */
  path: string;
  params?: Record<string, string>;
  /** Present: the call goes to the action (POST). */
  form?: Record<string, FormValue>;
  /** Sent as multipart/form-data (the forms with files). */
  multipart?: boolean;
  expect: Expectations;
  /** Viewers whose answer must show the organization's own data (a real page, not an empty one). */
  showsOwn?: readonly Viewer[];
  /** More checks after the call; returns the problems found. */
  check?: (viewer: Viewer, outcome: Outcome) => Promise<string[]>;
};

export type RouteCase = { loader: RouteCall[]; action?: RouteCall[] };

export type Outcome = { status: number; location: string | null; body: string };

type Handler = (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => unknown;

function buildRequest(host: string, call: RouteCall): Request {
  const url = `http://${host}${call.path}`;
  if (!call.form) return new Request(url, { method: "GET" });
  if (call.multipart) {
    const body = new FormData();
    for (const [name, value] of Object.entries(call.form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    return new Request(url, { method: "POST", body, headers: { Origin: `http://${host}` } });
  }
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(call.form)) {
    if (value instanceof File) throw new Error(`${call.label}: a file needs multipart`);
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return new Request(url, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: `http://${host}` },
  });
}

async function outcomeOf(result: unknown): Promise<Outcome> {
  if (result instanceof Response) {
    const location = result.headers.get("Location");
    return { status: result.status, location, body: location ? "" : await result.text() };
  }
  if (isDataWithInit(result)) {
    return { status: result.init?.status ?? 200, location: null, body: JSON.stringify(result.data ?? null) };
  }
  return { status: 200, location: null, body: JSON.stringify(result ?? null) };
}

let ipCounter = 0;

/** Calls the handler as `viewer` (a fresh session of that member, or nobody) on `org`'s host. */
export async function invoke(handler: Handler, org: Organization, member: Member | null, call: RouteCall): Promise<Outcome> {
  ipCounter++;
  const context = await contextFor(org, member, { ip: `10.77.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}` });
  const request = buildRequest(org.host, call);
  return outcomeOf(await run(() => handler({ request, context, params: call.params ?? {} }) as Promise<unknown>));
}

export function matches(expected: Expected, outcome: Outcome): boolean {
  if (typeof expected === "number") return outcome.status === expected;
  const redirected = outcome.status >= 300 && outcome.status < 400 && outcome.location != null;
  if (expected === "login") return redirected && outcome.location!.startsWith("/login?");
  return redirected && outcome.location!.startsWith(expected.slice("redirect:".length));
}

export function describeOutcome(outcome: Outcome): string {
  if (outcome.location) return `${outcome.status} → ${outcome.location}`;
  return `${outcome.status} ${outcome.body.slice(0, 200)}`;
}

/** Everything the request itself carried: an answer may repeat it without leaking anything. */
function inputsOf(call: RouteCall): string[] {
  const values = new Set<string>([call.path]);
  const url = new URL(call.path, "http://x");
  values.add(url.pathname);
  for (const v of url.searchParams.values()) values.add(v);
  for (const v of Object.values(call.params ?? {})) values.add(v);
  for (const value of Object.values(call.form ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === "string") values.add(item);
  }
  const forms = new Set<string>();
  for (const v of values) {
    if (v.length < 3) continue;
    forms.add(v);
    forms.add(encodeURIComponent(v));
    forms.add(new URLSearchParams({ v }).toString().slice(2));
    forms.add(JSON.stringify(v).slice(1, -1));
  }
  // Longest first, so that a value inside another is removed after it.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** The secrets (markers, e-mails, keys, session ids…) found in the answer, its echo of the request left aside. */
export function leaksIn(outcome: Outcome, call: RouteCall, secrets: string[]): string[] {
  let text = `${outcome.body}\n${outcome.location ?? ""}`;
  for (const input of inputsOf(call)) text = text.split(input).join("");
  const lower = text.toLowerCase();
  return secrets.filter((s) => lower.includes(s.toLowerCase()));
}
