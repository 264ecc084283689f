// How a person is named in public: a deleted account keeps its contributions under a neutral label.

/** Any i18next `t`: the server's `getT(locale)`, or a component's, whatever namespaces it was given. */
type AnyT = (...args: never[]) => unknown;

export function participantName(name: string | null | undefined, t: AnyT): string {
  // The "ns:key" form resolves whatever the t's default namespace is.
  return name ?? String((t as unknown as (key: "account:participant.deleted") => string)("account:participant.deleted"));
}
