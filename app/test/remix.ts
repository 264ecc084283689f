// Calls Remix loaders and actions directly, with the load context the Express server would build.
import type { AppLoadContext } from "@remix-run/node";
import type { Locale } from "~/i18n/config";
import { actorOf } from "~/modules/auth/actor";
import { validateSessionToken } from "~/modules/auth/session.server";
import type { Organization } from "~/modules/organizations/queries.server";
import { createTestSession } from "~/test/factories";
import { sql } from "~/utils/db.server";

export async function makeContext(
  org: Organization,
  options: { token?: string | null; locale?: Locale; ip?: string } = {},
): Promise<AppLoadContext> {
  const auth = options.token ? await validateSessionToken(sql, options.token, org.id) : null;
  return {
    org,
    nonce: "test-nonce",
    locale: options.locale ?? "fr",
    auth,
    actor: actorOf(org.id, auth?.user, auth?.session),
    ip: options.ip ?? "127.0.0.1",
    secureCookies: false,
  };
}

export function makeRequest(path: string, init: { form?: Record<string, string | string[]>; method?: string; host?: string } = {}) {
  const url = `http://${init.host ?? "localhost"}${path}`;
  if (!init.form) return new Request(url, { method: init.method ?? "GET" });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(init.form)) {
    for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  }
  return new Request(url, { method: init.method ?? "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
}

/** What `throw data(...)` (forbidden(), notFound()) or `return data(...)` gives: a DataWithResponseInit. */
type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

export function isDataWithInit(value: unknown): value is DataWithInit {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

/** Runs a loader or action; a thrown Response (redirect, 403...) or data() is returned instead of thrown. */
export async function run<T>(fn: () => Promise<T> | T): Promise<T | Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    if (isDataWithInit(error)) return error as T;
    throw error;
  }
}

/** Who a call is made as: a member of the organization (a session is opened for them), or nobody. */
export type TestMember = { id: number; organizationId: number };

/** A load context as `user` (signed in through a fresh session) or as a visitor. */
export async function contextFor(org: Organization, user: TestMember | null, options: { locale?: Locale; ip?: string } = {}) {
  const token = user ? (await createTestSession(user)).token : null;
  return makeContext(org, { token, locale: options.locale, ip: options.ip });
}

/** A loader or an action, typed loosely enough that any route's export fits with `as RouteFn`. */
export type RouteFn = (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => unknown;

export type CallOptions = {
  org: Organization;
  user?: TestMember | null;
  /** The request: a GET of `path`, or a form POST when `form` is given; or one built by the test. */
  path?: string;
  request?: Request;
  form?: Record<string, string | string[]>;
  params?: Record<string, string>;
  locale?: Locale;
  ip?: string;
};

/** Calls a loader or an action as the server would, returning a thrown Response or data() (see run). */
export async function callRoute(fn: RouteFn, call: CallOptions): Promise<unknown> {
  const context = await contextFor(call.org, call.user ?? null, { locale: call.locale, ip: call.ip });
  const request = call.request ?? makeRequest(call.path ?? "/", call.form ? { form: call.form } : {});
  return run(() => fn({ request, context, params: call.params ?? {} }) as Promise<unknown>);
}

/** A GET of `path` through a loader (positional form of callRoute). */
export function callLoader(fn: RouteFn, org: Organization, user: TestMember | null, path: string, params: Record<string, string> = {}) {
  return callRoute(fn, { org, user, path, params });
}

/** A form POST of `path` through an action (positional form of callRoute). */
export function callAction(fn: RouteFn, org: Organization, user: TestMember | null, path: string, form: Record<string, string>, params: Record<string, string> = {}) {
  return callRoute(fn, { org, user, path, form, params });
}

/** The HTTP status of what run() gave: a Response's, a data()'s (200 when it names none), 200 for plain data. */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  if (isDataWithInit(result)) return result.init?.status ?? 200;
  return 200;
}

/** The data of what run() gave: a data()'s payload, or the plain value; a Response is a test failure. */
export function dataOf<T = Record<string, unknown>>(result: unknown): T {
  if (result instanceof Response) throw new Error(`expected data, got a ${result.status} response to ${result.headers.get("Location")}`);
  if (isDataWithInit(result)) return result.data as T;
  return result as T;
}

/** A header of what run() gave: a Response's, or one set through data(..., { headers }). */
export function headerOf(result: unknown, name: string): string | null {
  if (result instanceof Response) return result.headers.get(name);
  const headers = isDataWithInit(result) ? result.init?.headers : undefined;
  return headers ? new Headers(headers).get(name) : null;
}
