// Chat messages per person per room: at most ROOM_MESSAGE_LIMIT within any
// ROOM_MESSAGE_WINDOW_SECONDS (a sliding window in the shared store).
import "server-only";
import { slidingWindowLimit } from "../sliding-window-limit";

const roomMessages = slidingWindowLimit({
  name: "room-msg",
  limitSetting: "ROOM_MESSAGE_LIMIT",
  windowSetting: "ROOM_MESSAGE_WINDOW_SECONDS",
  message: "You are sending messages too fast.",
});

/** Counts one message; throws TOO_MANY_REQUESTS (with retry-after) past the limit, and then counts nothing. */
export function consumeMessageAllowance(userId: string, roomId: string): Promise<void> {
  return roomMessages.consume(`${roomId}:${userId}`);
}
