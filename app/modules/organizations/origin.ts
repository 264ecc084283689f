// The canonical origin of an organization (`https://participez.ville.example`): the only base of
// the absolute links in its mails. Never taken from a request (Host and X-Forwarded-Host are the
// sender's to choose), but stored with the organization, or derived from its host name alone.
// Pure: the system page's form validates with it in the browser too.

const LABEL = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
/** Host names served over plain http by a local start (the demo, the end-to-end tests). */
const LOCAL_HOST = `(?:localhost|(?:${LABEL}\\.)+localhost|127\\.0\\.0\\.1)`;

/**
 * `https://host[:port]`, or `http://` for a local host only; lower-case, no path, no trailing
 * slash. Mirrored by the `organizations_canonical_origin_check` constraint (migration 00010).
 */
export const CANONICAL_ORIGIN_PATTERN = new RegExp(`^(?:https://${LABEL}(?:\\.${LABEL})*|http://${LOCAL_HOST})(?::(\\d{1,5}))?$`);

const LOCAL_HOST_PATTERN = new RegExp(`^${LOCAL_HOST}$`);

/** The host name without its port: `ville.example:8443` → `ville.example`. */
function hostName(host: string): string {
  return host.replace(/:\d+$/, "");
}

export function isLocalHost(host: string): boolean {
  return LOCAL_HOST_PATTERN.test(hostName(host));
}

/** How people type an origin: trimmed, lower-cased, without the one trailing slash browsers show. */
export function normalizeOrigin(value: string): string {
  return value.trim().toLowerCase().replace(/\/$/, "");
}

/**
 * True when `origin` (already normalized) is a canonical origin, with a port from 1 to 65535, and,
 * given the organization's host, names that same host: links must lead back to this organization,
 * which is found by its host name.
 */
export function isCanonicalOrigin(origin: string, host?: string): boolean {
  const match = CANONICAL_ORIGIN_PATTERN.exec(origin);
  if (!match) return false;
  if (match[1] !== undefined && (Number(match[1]) < 1 || Number(match[1]) > 65535)) return false;
  if (host === undefined) return true;
  return new URL(origin).hostname === hostName(host.trim().toLowerCase());
}

/**
 * The origin links in an organization's mails start with: the stored one, else `https://<host>`,
 * except for local hosts, served over http on the port of the running process (`port`), so that
 * the demo and the end-to-end tests get working links.
 */
export function organizationOrigin(host: string, canonicalOrigin: string | null, port: number): string {
  if (canonicalOrigin) return canonicalOrigin;
  if (!isLocalHost(host)) return `https://${host}`;
  return /:\d+$/.test(host) ? `http://${host}` : `http://${host}:${port}`;
}
