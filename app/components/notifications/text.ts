// A notification's sentence: `notifications:kinds.<kind>` filled with its stored values. Values
// whose names i18next reads as options (lng, ns, count...) are left out, so that stored data can
// only ever fill placeholders.
const RESERVED = new Set([
  "lng",
  "lngs",
  "ns",
  "context",
  "count",
  "ordinal",
  "defaultValue",
  "replace",
  "returnObjects",
  "returnDetails",
  "joinArrays",
  "postProcess",
  "interpolation",
  "keyPrefix",
  "fallbackLng",
]);

/** `t` is any i18next t() that has the notifications namespace (typed ones included). */
export function notificationText(t: unknown, kind: string, data: Record<string, string>): string {
  const values = Object.fromEntries(Object.entries(data).filter(([k]) => !RESERVED.has(k)));
  const loose = t as unknown as (key: string, options: Record<string, unknown>) => string;
  // A notification naming an author whose account was deleted has no name left to show.
  if (kind === "comment_reply" && !values.authorName) values.authorName = loose("notifications:deletedParticipant", {});
  return loose(`notifications:kinds.${kind}`, { ...values, interpolation: { escapeValue: false } });
}
