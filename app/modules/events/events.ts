// The catalogue of what can change, one zod schema per event type. A command records an event in
// the transaction of its write (outbox.server.ts); the dispatcher delivers it after commit to the
// page cache and to the sockets. Payloads hold ids (and counts) only, never a text or a name: an
// event says "this changed", and the pages reload what they show through their loaders, which
// decide what the reader may see. Client-safe (no server import): the socket messages are typed here.
import { z } from "zod";
import type { TallyMessage } from "~/modules/consultations/schema";
import { TARGET_KIND_PATTERN } from "~/modules/targets/types";

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
// Any kind of the targets' registry (app/modules/targets): the commands checked it before writing.
const targetType = z.string().regex(TARGET_KIND_PATTERN);
const commentTarget = z.object({ targetType, targetId: id });
const moderatedTarget = z.object({ targetType, targetId: id });

export const EVENT_SCHEMAS = {
  "comment.posted": commentTarget.extend({ commentId: id, parentId: id.nullable() }).strict(),
  "comment.edited": commentTarget.extend({ commentId: id }).strict(),
  "comment.deleted": commentTarget.extend({ commentId: id }).strict(),
  "proposal.created": z.object({ proposalId: id }).strict(),
  "proposal.edited": z.object({ proposalId: id }).strict(),
  "proposal.supported": z.object({ proposalId: id, supportsCount: z.number().int().nonnegative() }).strict(),
  "proposal.answered": z.object({ proposalId: id }).strict(),
  "proposal.withdrawn": z.object({ proposalId: id }).strict(),
  "debate.opened": z.object({ debateId: id }).strict(),
  "debate.closed": z.object({ debateId: id }).strict(),
  "content.hidden": moderatedTarget.strict(),
  "content.restored": moderatedTarget.strict(),
  "notification.created": z.object({}).strict(),
  /** The moderation queue changed (an item entered it, or was decided): the moderators' menus recount. */
  "moderation.changed": z.object({}).strict(),
  "project.updated": z.object({ change: z.enum(["created", "updated", "published", "archived"]) }).strict(),
  // Consultations (app/modules/consultations). A batch of ballots marks the tally dirty: no page
  // cache drop, no message to the project's room (the tally broadcaster sends the numbers).
  "consultation.ballot_cast": z.object({ consultationId: id }).strict(),
  "consultation.changed": z.object({ consultationId: id, change: z.enum(["created", "updated", "opened", "extended", "closed", "published"]) }).strict(),
  // A scene, one of its variants (its model, poster, viewpoints) was created or changed.
  "scene.updated": z.object({ sceneId: id, variantId: id.nullable() }).strict(),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;

/** What a command records: the type, its payload, and who and what it touches (its scopes). */
export type DomainEvent = {
  [T in EventType]: {
    type: T;
    organizationId: number;
    /** The project the change belongs to (its pages are the ones to refresh), or null. */
    projectId: number | null;
    /** Members the event is for alone (a notification's recipient): it goes to their room only. */
    userIds?: number[];
    payload: EventPayload<T>;
  };
}[EventType];

/** An event as the dispatcher reads it back. */
export type StoredEvent = DomainEvent & { id: number; projectSlug: string | null };

/**
 * The rooms a socket can be in; `org` is joined at connection, the others by `subscribe`.
 * `moderation` (id: the organization) is its moderators' room.
 */
export type LiveScope =
  | { kind: "project"; id: number }
  | { kind: "user"; id: number }
  | { kind: "consultation"; id: number }
  | { kind: "moderation"; id: number };

export const SubscribeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("project"), id }).strict(),
  z.object({ kind: z.literal("user"), id }).strict(),
  // A consultation's room gets its tallies (the tally broadcaster), only those the policy shows.
  z.object({ kind: z.literal("consultation"), id }).strict(),
  z.object({ kind: z.literal("moderation"), id }).strict(),
]);

export type SubscribeAnswer = { ok: true } | { ok: false; error: "malformed" | "forbidden" };

/** What a socket receives: the type, where it happened, and the payload's ids. */
export type LiveMessage = {
  [T in EventType]: { type: T; scope: { organizationId: number; projectId: number | null } } & EventPayload<T>;
}[EventType];

export type ServerToClientEvents = { event: (message: LiveMessage) => void; tally: (message: TallyMessage) => void };
export type ClientToServerEvents = {
  subscribe: (scope: unknown, answer?: (result: SubscribeAnswer) => void) => void;
  unsubscribe: (scope: unknown) => void;
};

/** The item an event is about (stored beside it, for reading the outbox). */
export function targetOf(event: DomainEvent): { type: string; id: number } | null {
  const p = event.payload as Record<string, unknown>;
  if (typeof p.commentId === "number") return { type: "comment", id: p.commentId };
  if (typeof p.proposalId === "number") return { type: "proposal", id: p.proposalId };
  if (typeof p.debateId === "number") return { type: "debate", id: p.debateId };
  if (typeof p.consultationId === "number") return { type: "consultation", id: p.consultationId };
  if (typeof p.variantId === "number") return { type: "variant", id: p.variantId };
  if (typeof p.targetType === "string" && typeof p.targetId === "number") return { type: p.targetType, id: p.targetId };
  if (event.type === "project.updated" && event.projectId != null) return { type: "project", id: event.projectId };
  return null;
}

/** The socket rooms an event goes to: its members' own rooms, else its project's, else the organization's. */
export function roomsOf(event: DomainEvent): string[] {
  // Ballots are never announced one by one: the tally broadcaster sends the numbers.
  if (event.type === "consultation.ballot_cast") return [];
  if (event.type === "moderation.changed") return [`moderation:${event.organizationId}`];
  if (event.userIds && event.userIds.length > 0) return event.userIds.map((userId) => `user:${userId}`);
  if (event.projectId != null) return [`project:${event.projectId}`];
  return [`org:${event.organizationId}`];
}

/** What the sockets get: ids only, as recorded. */
export function messageOf(event: DomainEvent): LiveMessage {
  return { type: event.type, scope: { organizationId: event.organizationId, projectId: event.projectId }, ...event.payload } as LiveMessage;
}

/**
 * What an event drops from the anonymous page cache: nothing (a notification: only members see
 * it), the whole organization (a project's own details change its cards, titles and menus
 * everywhere), or one project's pages with the organization-wide listings (home, search, open data).
 */
export type CacheDrop = { organizationId: number; projectSlug: string | null } | null;

export function cacheDropOf(event: StoredEvent): CacheDrop {
  // A notification: only members see it; the moderation queue: only moderators. A ballot: the
  // consultation's numbers on cached pages are at most PAGE_CACHE_SECONDS old; dropping the
  // organization's pages at every batch of ballots would empty the cache when it matters most.
  if (event.type === "notification.created" || event.type === "moderation.changed" || event.type === "consultation.ballot_cast") return null;
  if (event.type === "project.updated" || event.projectSlug == null) return { organizationId: event.organizationId, projectSlug: null };
  return { organizationId: event.organizationId, projectSlug: event.projectSlug };
}

/** Whether a message is about one item of a page (the item itself or a comment on it). */
export function touches(message: LiveMessage, item: { type: "proposal" | "debate" | "project"; id: number }): boolean {
  const m = message as Record<string, unknown>;
  if (item.type === "proposal" && m.proposalId === item.id) return true;
  if (item.type === "debate" && m.debateId === item.id) return true;
  if (item.type === "project" && message.type === "project.updated" && message.scope.projectId === item.id) return true;
  // A hidden or restored comment names only itself: any page of its project may show it.
  if ((message.type === "content.hidden" || message.type === "content.restored") && m.targetType === "comment") return true;
  return m.targetType === item.type && m.targetId === item.id;
}
