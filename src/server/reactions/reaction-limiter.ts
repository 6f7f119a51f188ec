// Reaction toggles per person (all subjects together): at most REACTION_LIMIT
// within any REACTION_WINDOW_SECONDS, so nobody floods a room's channel by
// clicking a chip on and off.
import "server-only";
import { slidingWindowLimit } from "../sliding-window-limit";

export const reactionLimit = slidingWindowLimit({
  name: "reactions",
  limitSetting: "REACTION_LIMIT",
  windowSetting: "REACTION_WINDOW_SECONDS",
  message: "You are reacting too fast.",
});
