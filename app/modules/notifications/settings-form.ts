// The settings form of /account/notifications: one checkbox per kind and channel, named
// "<kind>.inApp" and "<kind>.email". A ticked checkbox is sent as "on"; absent means off.
import { NOTIFICATION_KINDS, type NotificationSettings } from "./kinds";

export function settingsFromForm(formData: FormData): NotificationSettings {
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, { inApp: formData.get(`${kind}.inApp`) === "on", email: formData.get(`${kind}.email`) === "on" }]),
  ) as NotificationSettings;
}
