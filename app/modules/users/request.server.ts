// The request facts account commands need (language, device, IP). Not the origin: links in mails
// are built from the organization's canonical origin (context.org.origin), since Host and
// X-Forwarded-Host are whatever the sender chose.
import type { AppLoadContext } from "@remix-run/node";
import type { RequestMeta } from "./commands.server";

export function requestMeta(request: Request, context: AppLoadContext): RequestMeta {
  return {
    locale: context.locale,
    userAgent: request.headers.get("user-agent"),
    ip: context.ip,
  };
}
