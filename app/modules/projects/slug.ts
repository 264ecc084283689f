// Project addresses: /projects/<slug>. Lower-case letters, digits and single hyphens, as the
// database's check says; generated from the title when the official leaves it empty.
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 80;

const LIGATURES: Record<string, string> = { œ: "oe", æ: "ae", ß: "ss", Œ: "oe", Æ: "ae" };

/** "Place de l'Église : réaménagement" → "place-de-l-eglise-reamenagement". May return "". */
export function slugify(text: string): string {
  const slug = text
    .replace(/[œæßŒÆ]/g, (c) => LIGATURES[c]!)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, SLUG_MAX_LENGTH).replace(/-+$/, "");
}

/** `base`, or `base-2`, `base-3`… : the first one not in `taken`, within the length limit. */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
