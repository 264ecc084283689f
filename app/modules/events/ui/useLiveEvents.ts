// Live pages: a write emits "this changed" (app/modules/events), and a page that shows it reloads
// its loaders, which stay the source of truth (what the reader may see is decided there, never by
// the socket's message). The socket.io client is imported dynamically, on the first page that
// asks, after hydration: pages without live content never download it.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { ConsultationTally, TallyMessage } from "~/modules/consultations/schema";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, LiveMessage, LiveScope, ServerToClientEvents } from "../events";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** A message, or null after a reconnection (messages may have been missed: reload). */
type Listener = (message: LiveMessage | null) => void;
type TallyListener = (message: TallyMessage) => void;

const REVALIDATE_AFTER_MS = 300;

// One socket per tab, shared by every hook on the page (and kept across navigations).
let connection: Promise<LiveSocket> | null = null;
const listeners = new Set<Listener>();
const tallyListeners = new Set<TallyListener>();
const wanted = new Map<string, { scope: LiveScope; holders: number }>();

const keyOf = (scope: LiveScope) => `${scope.kind}:${scope.id}`;

/** Whether a message came through one of these rooms (a socket is in the rooms of every hook of the page). */
export function inScopes(message: LiveMessage, scopes: LiveScope[]): boolean {
  return scopes.some((scope) => {
    if (scope.kind === "project") return message.scope.projectId === scope.id;
    if (scope.kind === "consultation") return "consultationId" in message && message.consultationId === scope.id;
    if (scope.kind === "moderation") return message.type === "moderation.changed";
    return message.type === "notification.created";
  });
}

function connect(): Promise<LiveSocket> {
  connection ??= import("socket.io-client").then(({ io }) => {
    // Same origin; websocket first (see README: sticky sessions only matter for the fallback).
    const socket: LiveSocket = io({ transports: ["websocket", "polling"] });
    let connectedBefore = false;
    socket.on("connect", () => {
      // The server forgets a socket's rooms when it goes: ask again after every (re)connection.
      for (const { scope } of wanted.values()) socket.emit("subscribe", scope);
      if (connectedBefore) for (const listener of listeners) listener(null);
      connectedBefore = true;
    });
    socket.on("event", (message) => {
      for (const listener of listeners) listener(message);
    });
    socket.on("tally", (message) => {
      for (const listener of tallyListeners) listener(message);
    });
    return socket;
  });
  return connection;
}

function hold(scope: LiveScope) {
  const key = keyOf(scope);
  const entry = wanted.get(key);
  if (entry) {
    entry.holders++;
    return;
  }
  wanted.set(key, { scope, holders: 1 });
  void connect().then((socket) => {
    if (socket.connected && wanted.has(key)) socket.emit("subscribe", scope);
  });
}

function release(scope: LiveScope) {
  const key = keyOf(scope);
  const entry = wanted.get(key);
  if (!entry || --entry.holders > 0) return;
  wanted.delete(key);
  void connection?.then((socket) => {
    if (!wanted.has(key)) socket.emit("unsubscribe", scope);
  });
}

/**
 * Reloads the page's loaders (debounced) when an event of one of `scopes` arrives and `match`
 * accepts it (every event of the scopes without `match`). `enabled: false` loads nothing.
 */
export function useLiveEvents(scopes: LiveScope[], options: { match?: (message: LiveMessage) => boolean; enabled?: boolean } = {}) {
  const { revalidate } = useRevalidator();
  const latest = useRef({ revalidate, match: options.match });
  latest.current = { revalidate, match: options.match };
  const key = JSON.stringify(scopes);
  const enabled = options.enabled !== false && scopes.length > 0;

  useEffect(() => {
    if (!enabled) return;
    const list = JSON.parse(key) as LiveScope[];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener: Listener = (message) => {
      if (message && (!inScopes(message, list) || (latest.current.match && !latest.current.match(message)))) return;
      // A burst of events (a busy thread) reloads once.
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.revalidate(), REVALIDATE_AFTER_MS);
    };
    listeners.add(listener);
    list.forEach(hold);
    return () => {
      clearTimeout(timer);
      listeners.delete(listener);
      list.forEach(release);
    };
  }, [key, enabled]);
}

/**
 * The live tally of a consultation: its room is joined (the server checks the policy and sends
 * the current tally at once, also after a reconnection), then each message of the tally
 * broadcaster replaces it. Null until the first message; never anything for results shown only
 * after the close, before it (the server sends none). `enabled: false` connects nothing.
 */
export function useLiveTally(consultationId: number, options: { enabled?: boolean } = {}): ConsultationTally | null {
  const [tally, setTally] = useState<ConsultationTally | null>(null);
  const enabled = options.enabled !== false;
  useEffect(() => {
    if (!enabled) return;
    const scope: LiveScope = { kind: "consultation", id: consultationId };
    const listener: TallyListener = (message) => {
      if (message.tally.consultationId === consultationId) setTally(message.tally);
    };
    tallyListeners.add(listener);
    hold(scope);
    return () => {
      tallyListeners.delete(listener);
      release(scope);
    };
  }, [consultationId, enabled]);
  return tally;
}
