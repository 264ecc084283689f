// Helpers that throw: a loader or action states what it needs in one line.
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { can, type Action, type Subject } from "~/modules/permissions/permissions";
import { safeRedirectPath } from "~/utils/redirect";
import type { SessionUser } from "./session.server";

export function getUser(context: AppLoadContext): SessionUser | null {
  return context.auth?.user ?? null;
}

/** Where to come back after logging in: this request's path, under the same rule as any redirect target. */
function safeRedirectTarget(request: Request): string {
  const url = new URL(request.url);
  return safeRedirectPath(url.pathname + url.search, "/");
}

/** Redirects to the login page (coming back here afterwards) when nobody is logged in. */
export function requireUser(context: AppLoadContext, request: Request): SessionUser {
  const user = getUser(context);
  if (!user) {
    throw redirect(`/login?redirectTo=${encodeURIComponent(safeRedirectTarget(request))}`);
  }
  return user;
}

export function requireAnonymous(context: AppLoadContext) {
  if (context.auth) throw redirect("/account");
}

/** 403 naming what is missing, unless `can` allows it. The subject defaults to the request's organization. */
export function requirePermission(
  context: AppLoadContext,
  request: Request,
  action: Action,
  subject?: Partial<Subject>,
): SessionUser {
  const user = requireUser(context, request);
  const full: Subject = { organizationId: context.org.id, ...subject };
  if (!can(user, action, full)) {
    throw forbidden("status.forbiddenText", { action });
  }
  return user;
}

/** A 403 whose page says why: `reason` is an i18n key ("projects:closed.phase"). */
export function forbidden(reason: string, extra: Record<string, unknown> = {}): never {
  throw data({ reason, ...extra }, { status: 403, statusText: "Forbidden" });
}

export function notFound(): never {
  throw data({ reason: "status.notFoundText" }, { status: 404, statusText: "Not Found" });
}
