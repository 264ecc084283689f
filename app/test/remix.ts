// Calls Remix loaders and actions directly, with the load context the Express server would build.
import type { AppLoadContext } from "@remix-run/node";
import type { Locale } from "~/i18n/config";
import { actorOf } from "~/modules/auth/actor";
import { validateSessionToken } from "~/modules/auth/session.server";
import type { Organization } from "~/modules/organizations/queries.server";
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
    actor: actorOf(org.id, auth?.user),
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

/** Runs a loader or action; a thrown Response (redirect, 403...) is returned instead of thrown. */
export async function run<T>(fn: () => Promise<T> | T): Promise<T | Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    // `throw data(...)` (forbidden, notFound) throws a DataWithResponseInit.
    if (error && typeof error === "object" && (error as { type?: string }).type === "DataWithResponseInit") {
      return error as T;
    }
    throw error;
  }
}
