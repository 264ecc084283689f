// The kinds of notifications, each switchable in-app and by mail in the account page.
export const NOTIFICATION_KINDS = [
  "proposal_answered",
  "comment_reply",
  "project_phase",
  "content_hidden",
  "consultation_extended",
  "consultation_results",
  "content_restored",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/**
 * Kinds that no setting turns off, and so are not in the settings page: an accessibility report
 * (the statement's contact form, app/modules/accessibility/contact.server.ts) is the legal
 * channel to the organization's admins.
 */
export const ALWAYS_SENT_KINDS = ["accessibility_report"] as const;
/** What the notifications page shows. */
export const SHOWN_KINDS = [...NOTIFICATION_KINDS, ...ALWAYS_SENT_KINDS] as const;
export type ShownKind = (typeof SHOWN_KINDS)[number];
export type ChannelSettings = { inApp: boolean; email: boolean };
export type NotificationSettings = Record<NotificationKind, ChannelSettings>;

export function readSettings(raw: unknown): NotificationSettings {
  const value = (raw && typeof raw === "object" ? raw : {}) as Record<string, Partial<ChannelSettings> | undefined>;
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, { inApp: value[kind]?.inApp !== false, email: value[kind]?.email !== false }]),
  ) as NotificationSettings;
}

/** The bell counts unread notifications up to this, and shows "99+" beyond. */
export const UNREAD_CAP = 99;
