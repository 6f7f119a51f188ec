// The browser's reactions: per subject the counts a page shows, loaded for a
// page of subjects in one query, kept current by `reaction.changed` events and
// changed optimistically by the person's own toggles. Framework-free (tests
// drive it as the browser does); React reads it through useSyncExternalStore.
//
// Events are queued and applied once per frame: a burst of 100 reactions is
// one update of the screen, not 100. Every change carries a version (see
// reactionSummary): a change at or below what a subject already includes
// is skipped, so duplicates, catch-up replays and late answers change nothing.
import type { EventEnvelope } from "@/lib/events";
import {
  REACTION_NAMES_MAX,
  REACTION_PAGE_MAX,
  reactionEmojis,
  type ReactionChanged,
  type ReactionCount,
  type ReactionEmoji,
  type ReactionSubjectKind,
  type ReactionSummary,
} from "./reactions";

type Entry = {
  /** The version of the summary it was loaded from (0: known empty, e.g. a new message). */
  base: number;
  /** Per emoji, the version of the last change applied. */
  versions: Partial<Record<ReactionEmoji, number>>;
  counts: Map<ReactionEmoji, ReactionCount>;
};

type Pending = { reacted: boolean; token: number };

export type ReactionStoreOptions = {
  viewerId: string;
  load: (kind: ReactionSubjectKind, ids: string[]) => Promise<ReactionSummary[]>;
  /** Runs the flush later: requestAnimationFrame in the browser. */
  schedule?: (flush: () => void) => void;
  /** How long a subject nobody shows keeps its counts (a row scrolled out and back). */
  keepMs?: number;
};

const key = (kind: ReactionSubjectKind, id: string) => `${kind}:${id}`;

/** The subject a `*.created` event brings, known to have no reactions yet. */
function createdSubject(event: EventEnvelope): [ReactionSubjectKind, string] | null {
  switch (event.type) {
    case "message.created":
      return ["message", event.data.message.id];
    case "post.created":
      return ["post", event.data.post.id];
    case "comment.created":
      return ["comment", event.data.comment.id];
    default:
      return null;
  }
}

export class ReactionStore {
  readonly viewerId: string;
  #entries = new Map<string, Entry>();
  /** Subjects being loaded, with the changes that arrived meanwhile. */
  #loading = new Map<string, ReactionChanged[]>();
  #toLoad = new Map<ReactionSubjectKind, Set<string>>();
  #loadTimer: ReturnType<typeof setTimeout> | null = null;
  #refs = new Map<string, number>();
  #dropTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #pending = new Map<string, Pending>();
  #sending = new Map<string, Promise<unknown>>();
  #queue: ReactionChanged[] = [];
  #flushScheduled = false;
  #dirty = false;
  #views = new Map<string, readonly ReactionCount[]>();
  #listeners = new Set<() => void>();
  #tokens = 0;
  #options: ReactionStoreOptions;
  /** How many times listeners were told (tests: a burst is one). */
  notifications = 0;

  constructor(options: ReactionStoreOptions) {
    this.viewerId = options.viewerId;
    this.#options = options;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** What the subject shows (with the person's own toggles not yet answered); undefined while loading. */
  get(kind: ReactionSubjectKind, id: string): readonly ReactionCount[] | undefined {
    const k = key(kind, id);
    const cached = this.#views.get(k);
    if (cached) return cached;
    const entry = this.#entries.get(k);
    if (!entry) return undefined;
    const view: ReactionCount[] = [];
    for (const emoji of reactionEmojis) {
      const server = entry.counts.get(emoji) ?? { emoji, count: 0, mine: false, names: [] };
      const pending = this.#pending.get(`${k}|${emoji}`);
      const shown =
        pending && pending.reacted !== server.mine
          ? { ...server, mine: pending.reacted, count: server.count + (pending.reacted ? 1 : -1) }
          : server;
      if (shown.count > 0) view.push(shown);
    }
    this.#views.set(k, view);
    return view;
  }

  /**
   * A component shows the subject: load its reactions unless known (batched
   * with the others asked for in the same task: one query per page). Returns
   * the release; the counts are kept a moment after the last one.
   */
  want(kind: ReactionSubjectKind, id: string): () => void {
    const k = key(kind, id);
    this.#refs.set(k, (this.#refs.get(k) ?? 0) + 1);
    const timer = this.#dropTimers.get(k);
    if (timer) clearTimeout(timer);
    this.#dropTimers.delete(k);
    if (!this.#entries.has(k) && !this.#loading.has(k)) this.#requestLoad(kind, id);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#refs.get(k) ?? 1) - 1;
      if (left > 0) return void this.#refs.set(k, left);
      this.#refs.delete(k);
      this.#dropLater(k);
    };
  }

  /**
   * Hands a channel's event to the store. True when it was a reaction's
   * (the page need not apply it to its own state). A new message, post or
   * comment is known to have none: no query for it.
   */
  applyEvent(event: EventEnvelope): boolean {
    if (event.type === "reaction.changed") {
      this.receive(event.data);
      return true;
    }
    const created = createdSubject(event);
    if (created) this.seedEmpty(...created);
    return false;
  }

  /** A subject known to have no reactions (just created). */
  seedEmpty(kind: ReactionSubjectKind, id: string): void {
    const k = key(kind, id);
    if (this.#entries.has(k) || this.#loading.has(k)) return;
    this.#entries.set(k, { base: 0, versions: {}, counts: new Map() });
    if (!this.#refs.has(k)) this.#dropLater(k);
  }

  /** A change (event or answer): applied with the others of this frame. */
  receive(change: ReactionChanged): void {
    this.#queue.push(change);
    this.#scheduleFlush();
  }

  /**
   * The person toggles an emoji: shown at once, sent after their earlier
   * toggle of the same emoji was answered (so the server sees them in
   * order), undone if refused. The promise rejects with the refusal.
   */
  toggle(kind: ReactionSubjectKind, id: string, emoji: ReactionEmoji, send: () => Promise<ReactionChanged>): Promise<void> {
    const k = key(kind, id);
    const pk = `${k}|${emoji}`;
    const shown = this.get(kind, id)?.find((r) => r.emoji === emoji);
    const token = ++this.#tokens;
    this.#pending.set(pk, { reacted: !(shown?.mine ?? false), token });
    this.#changed(k);
    const previous = this.#sending.get(pk) ?? Promise.resolve();
    const sent = previous.catch(() => undefined).then(send);
    this.#sending.set(pk, sent);
    return sent.then(
      (change) => {
        this.#queue.push(change);
        if (this.#pending.get(pk)?.token === token) this.#pending.delete(pk);
        if (this.#sending.get(pk) === sent) this.#sending.delete(pk);
        this.#scheduleFlush();
      },
      (error: unknown) => {
        // Rolled back to what the server says; a later toggle is dropped too
        // (it was meant relative to this one).
        this.#pending.delete(pk);
        if (this.#sending.get(pk) === sent) this.#sending.delete(pk);
        this.#changed(k);
        throw error;
      },
    );
  }

  #requestLoad(kind: ReactionSubjectKind, id: string) {
    this.#loading.set(key(kind, id), []);
    const ids = this.#toLoad.get(kind) ?? new Set<string>();
    ids.add(id);
    this.#toLoad.set(kind, ids);
    this.#loadTimer ??= setTimeout(() => this.#loadNow(), 0);
  }

  #loadNow() {
    this.#loadTimer = null;
    const batches = [...this.#toLoad];
    this.#toLoad.clear();
    for (const [kind, idSet] of batches) {
      const ids = [...idSet];
      for (let i = 0; i < ids.length; i += REACTION_PAGE_MAX) {
        const chunk = ids.slice(i, i + REACTION_PAGE_MAX);
        this.#options.load(kind, chunk).then(
          (summaries) => {
            const found = new Set(summaries.map((s) => s.id));
            for (const summary of summaries) this.#loaded(kind, summary);
            // Not visible (deleted, or a room the person left): nothing to show.
            for (const missing of chunk.filter((x) => !found.has(x))) this.#loading.delete(key(kind, missing));
            this.#scheduleFlush();
          },
          (error: unknown) => {
            console.warn("[reactions] could not load", error);
            // Asked again when a component next wants them.
            for (const x of chunk) this.#loading.delete(key(kind, x));
          },
        );
      }
    }
  }

  #loaded(kind: ReactionSubjectKind, summary: ReactionSummary) {
    const k = key(kind, summary.id);
    const arrived = this.#loading.get(k);
    if (!arrived) return;
    this.#loading.delete(k);
    this.#entries.set(k, {
      base: summary.version,
      versions: {},
      counts: new Map(summary.reactions.map((r) => [r.emoji, r])),
    });
    // Changes heard while it loaded: the ones the summary includes are skipped by version.
    this.#queue.unshift(...arrived);
    this.#changed(k);
    if (!this.#refs.has(k)) this.#dropLater(k);
  }

  #apply(change: ReactionChanged) {
    const k = key(change.subject.kind, change.subject.id);
    const loading = this.#loading.get(k);
    if (loading) return void loading.push(change);
    const entry = this.#entries.get(k);
    // Nobody shows it: a later load includes it.
    if (!entry) return;
    const { emoji } = change;
    if (change.version <= Math.max(entry.base, entry.versions[emoji] ?? 0)) return;
    entry.versions[emoji] = change.version;
    const before = entry.counts.get(emoji) ?? { emoji, count: 0, mine: false, names: [] };
    let { mine, names } = before;
    if (change.user.id === this.viewerId) mine = change.reacted;
    else if (change.reacted) {
      if (!names.includes(change.user.name) && names.length < REACTION_NAMES_MAX) names = [...names, change.user.name];
    } else names = names.filter((n) => n !== change.user.name);
    if (change.count === 0) entry.counts.delete(emoji);
    else entry.counts.set(emoji, { emoji, count: change.count, mine, names });
    this.#changed(k);
  }

  #changed(k: string) {
    this.#views.delete(k);
    this.#dirty = true;
    this.#scheduleFlush();
  }

  #scheduleFlush() {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    const schedule =
      this.#options.schedule ??
      (typeof requestAnimationFrame === "function" ? (fn: () => void) => requestAnimationFrame(fn) : (fn: () => void) => setTimeout(fn, 16));
    schedule(() => this.flush());
  }

  /** Applies what arrived since the last frame and tells the components once. */
  flush(): void {
    this.#flushScheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    for (const change of queue) this.#apply(change);
    if (!this.#dirty) return;
    this.#dirty = false;
    this.notifications += 1;
    for (const listener of this.#listeners) listener();
  }

  #dropLater(k: string) {
    const timer = setTimeout(() => {
      this.#dropTimers.delete(k);
      if (this.#refs.has(k)) return;
      this.#entries.delete(k);
      this.#views.delete(k);
    }, this.#options.keepMs ?? 2_000);
    this.#dropTimers.set(k, timer);
  }
}
