// The one rule for sending someone to a place they named (?redirectTo=, a form's hidden field):
// only a path of this site, as the browser itself will read it. Pure, so the browser uses it too.

/** A made-up origin to resolve against: anything that leaves it was not a path of this site. */
const BASE = "http://x.invalid";

/** Longer targets are not ours (and would not fit comfortably in a Location header). */
const MAX_LENGTH = 2000;

// Browsers drop tabs and newlines and read `\` as `/` before resolving, so `/\t/evil.example`
// and `/\evil.example` lead to `//evil.example`; a newline would also make the Location header
// throw (a 500). Any control character, backslash or whitespace (U+3000 too) is refused outright.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\\s]/u;

/** The value percent-decoded once, or null when it does not decode (a stray `%`). */
function decodeOnce(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * True when the path, and each of its percent-decoded forms, is free of what a browser or a proxy
 * could turn into another host: `/%2F%2Fevil`, `/%5Cevil`, `/%09/evil`, double-encoded or not.
 */
function pathStaysHere(pathname: string): boolean {
  let current = pathname;
  for (let round = 0; round < 4; round++) {
    if (FORBIDDEN.test(current) || current.startsWith("//")) return false;
    const decoded = decodeOnce(current);
    if (decoded === null) return false;
    if (decoded === current) return true;
    current = decoded;
  }
  // Still changing after four rounds: nobody writes links like that.
  return false;
}

/**
 * `value` when it is a path of this site (`/x?y#z`), as normalized by the URL parser (so the
 * Location header is plain ASCII); otherwise `fallback`. Refused: anything not starting with a
 * single `/`, `//` and `/\`, absolute URLs, `javascript:`, control characters, backslashes and
 * whitespace, encoded slashes, backslashes and control characters in the path, and any path
 * that the parser would normalize into `//host` (`/.//evil`).
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  if (FORBIDDEN.test(value) || !value.startsWith("/") || value.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  if (!pathStaysHere(url.pathname)) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.length <= MAX_LENGTH ? path : fallback;
}
