// The request facts account commands need (origin for links, language, device, IP).
import type { AppLoadContext } from "@remix-run/node";
import type { RequestMeta } from "./commands.server";

export function requestMeta(request: Request, context: AppLoadContext): RequestMeta {
  return {
    origin: new URL(request.url).origin,
    locale: context.locale,
    userAgent: request.headers.get("user-agent"),
    ip: context.ip,
  };
}
