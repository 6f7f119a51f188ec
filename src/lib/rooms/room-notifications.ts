// Which messages of a room notify a person while they are not in it (issue
// 17): every message, only those that mention them, or none. Shared by the
// server (the rule) and the room's settings menu.
import { z } from "zod";

export const roomNotificationLevels = ["all", "mentions", "off"] as const;
export type RoomNotificationLevel = (typeof roomNotificationLevels)[number];

export const roomNotificationLabels: Record<RoomNotificationLevel, string> = {
  all: "Every message",
  mentions: "Only when I'm mentioned",
  off: "Nothing",
};

/**
 * Without a choice: a private room is a small group one was added to, so
 * every message notifies; a public room is open to everyone signed in, so
 * only mentions do (else every message would reach every person).
 */
export function defaultRoomNotificationLevel(visibility: "PUBLIC" | "PRIVATE"): RoomNotificationLevel {
  return visibility === "PRIVATE" ? "all" : "mentions";
}

export const roomNotificationSettingInput = z.object({
  roomId: z.string().min(1).max(64),
  level: z.enum(roomNotificationLevels, { error: "Choose all, mentions or off" }),
});
