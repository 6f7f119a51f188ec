// Presence in a room, framework-free: what members announce to each other
// with client events (never stored), and how the typing line reads.
import { z } from "zod";

/** The client event every member sends on the room's presence channel. */
export const STATUS_EVENT = "client-status";
/** A "typing" signal counts for this long after it arrived, unless renewed. */
export const TYPING_TIMEOUT_MS = 3_000;
/** At most one status signal per second per tab. */
const STATUS_THROTTLE_MS = 1_000;

export const statusSignal = z.object({
  status: z.enum(["online", "away"]),
  typing: z.boolean(),
});
export type StatusSignal = z.infer<typeof statusSignal>;

export const presenceInfo = z.object({
  name: z.string(),
  initials: z.string(),
  joinedAt: z.string(),
  /** The person's avatar (a thumbnail URL), or none: initials are shown. */
  avatarUrl: z.string().nullable().optional(),
});

/** "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…", or null. */
export function typingLine(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

/**
 * Sends the latest signal at most once per `intervalMs`: a signal within the
 * interval waits for its end, and a newer one replaces it (the state that
 * counts is the last one).
 */
export class ThrottledSignal<T> {
  private last = -Infinity;
  private pending: T | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (value: T) => void,
    private readonly intervalMs = STATUS_THROTTLE_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  push(value: T): void {
    this.pending = value;
    if (this.timer) return;
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    if (this.pending === null) return;
    const value = this.pending;
    this.pending = null;
    this.last = this.now();
    this.send(value);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
