// What every domain's policy answers: allowed, or refused with an i18n key the 403 page (or the
// page's own notice) shows. Client-safe.
export type Decision = { allowed: true } | { allowed: false; reason: string };

export const ALLOW: Decision = Object.freeze({ allowed: true });

export function deny(reason: string): Decision {
  return { allowed: false, reason };
}

/** The first refusal among checks taken in order, else allowed. */
export function firstRefusal(...decisions: (() => Decision)[]): Decision {
  for (const decide of decisions) {
    const decision = decide();
    if (!decision.allowed) return decision;
  }
  return ALLOW;
}
