// Limits on what people create (docs/security.md): each a sliding window in
// the shared store, applied by the routers (`rateLimited` in api/trpc.ts)
// before the service runs, so a refused call stores nothing. Posts count
// theirs in the post's own statement instead (feed/posts.ts: one round trip
// for both). Room messages have theirs in rooms/message-limiter.ts.
import "server-only";
import { slidingWindowLimit } from "./sliding-window-limit";

export const contentLimits = {
  /** Per person. */
  posts: slidingWindowLimit({
    name: "posts",
    limitSetting: "POST_LIMIT",
    windowSetting: "POST_WINDOW_SECONDS",
    message: "You are posting too fast.",
  }),
  /** Per person, over all posts. */
  comments: slidingWindowLimit({
    name: "comments",
    limitSetting: "COMMENT_LIMIT",
    windowSetting: "COMMENT_WINDOW_SECONDS",
    message: "You are commenting too fast.",
  }),
  /** Per person, over all documents: each submitted operation counts. */
  documentEdits: slidingWindowLimit({
    name: "doc-edits",
    limitSetting: "DOCUMENT_EDIT_LIMIT",
    windowSetting: "DOCUMENT_EDIT_WINDOW_SECONDS",
    message: "You are editing too fast; your changes are kept and sent when allowed.",
  }),
  /** Per client address (nobody is signed in yet). */
  signUps: slidingWindowLimit({
    name: "sign-ups",
    limitSetting: "SIGN_UP_LIMIT",
    windowSetting: "SIGN_UP_WINDOW_SECONDS",
    message: "Too many new accounts from your network.",
  }),
  /** Per person: registering or renewing a push device. */
  pushSubscriptions: slidingWindowLimit({
    name: "push-subs",
    limitSetting: "PUSH_SUBSCRIBE_LIMIT",
    windowSetting: "PUSH_SUBSCRIBE_WINDOW_SECONDS",
    message: "You turned push notifications on too often.",
  }),
  /** Per person: the @mention people picker's searches. */
  peopleSearches: slidingWindowLimit({
    name: "people-search",
    limitSetting: "PEOPLE_SEARCH_LIMIT",
    windowSetting: "PEOPLE_SEARCH_WINDOW_SECONDS",
    message: "You are searching for people too fast.",
  }),
};
