// Settings, validated once. Every setting the app reads is named here, with
// the rule it must satisfy; a bad or missing one stops the process with a
// message that names it (README, "Settings").
import "server-only";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

const port = z.coerce.number().int().min(1).max(65535);

/** Minutes that divide an hour, or whole hours that divide a day: what a cron expression can repeat on. */
const CLEANUP_INTERVALS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string({ error: "is required (a postgresql:// URL)" })
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
    NEXTAUTH_URL: z.url({ error: "must be the URL people open, e.g. http://localhost:3000" }),
    NEXTAUTH_SECRET: z
      .string({ error: "is required (a random string of 32 or more characters)" })
      .min(32, "must be at least 32 characters"),
    PUSHER_APP_ID: z.string({ error: "is required" }).min(1, "is required"),
    PUSHER_KEY: z.string({ error: "is required" }).min(1, "is required"),
    PUSHER_SECRET: z.string({ error: "is required" }).min(1, "is required"),
    PUSHER_HOST: z.string({ error: "is required (host of the Pusher-protocol server)" }).min(1),
    PUSHER_PORT: port.default(6001),
    PUSHER_USE_TLS: bool.default(false),
    PUSHER_CLUSTER: z.string().default("mt1"),
    // What browsers connect to, when it differs from what the server uses
    // (behind a proxy, or a container name inside docker-compose).
    PUSHER_PUBLIC_HOST: z.string().optional(),
    PUSHER_PUBLIC_PORT: port.optional(),
    PUSHER_PUBLIC_TLS: bool.optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
    // An event the realtime server refuses (a 4xx) is tried this many times,
    // the pause doubling from OUTBOX_RETRY_BASE_MS, then set aside as a dead
    // letter (realtime/dead-letter.ts).
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    // Events per publish request. Hosted Pusher takes at most 10; the Soketi
    // the start command runs takes 100 (scripts/lib/soketi.ts), and the start
    // command then sets 100: a channel's events go out one request at a time,
    // so this is what one busy channel can publish per round trip.
    PUSHER_MAX_BATCH: z.coerce.number().int().min(1).max(100).default(10),
    OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
    EVENT_RETENTION_HOURS: z.coerce.number().min(0.01).max(8_760).default(24),
    // Chat messages one person may send to one room per window (rooms).
    ROOM_MESSAGE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    ROOM_MESSAGE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(10),
    // Reaction toggles per person per window, everywhere together (reactions).
    REACTION_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
    REACTION_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(10),
    // Limits on what people create, each per window in seconds
    // (src/server/content-limits.ts). Sign-ups count per client address.
    POST_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
    POST_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    COMMENT_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
    COMMENT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    DOCUMENT_EDIT_LIMIT: z.coerce.number().int().min(1).max(100_000).default(1200),
    DOCUMENT_EDIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    SIGN_UP_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
    SIGN_UP_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    PUSH_SUBSCRIBE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
    PUSH_SUBSCRIBE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    // The @mention people picker's searches, per person.
    PEOPLE_SEARCH_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
    PEOPLE_SEARCH_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    // Proxies of the operator's in front of the app (load balancer, reverse
    // proxy). 0: the connection's address is the client's and X-Forwarded-For
    // is ignored; N: the Nth X-Forwarded-For entry from the right is.
    TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
    // Uploaded files; the start command defaults it to $DATA_DIR/uploads.
    UPLOAD_DIR: z.string().min(1).default(".data/uploads"),
    // Files one upload batch may hold, and images one post may carry.
    // At most 10, so a post's event (which lists its attachments) stays small.
    UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(10).default(5),
    // Hours after which an unfinished upload expires: tus refuses to go on
    // with it and the cleanup job deletes it.
    UPLOAD_EXPIRY_HOURS: z.coerce.number().min(0.1).max(720).default(24),
    // Upload space of each person: their files plus their unfinished uploads.
    UPLOAD_QUOTA_MB: z.coerce.number().int().min(1).max(10_000_000).default(500),
    // Jobs one worker process runs at once.
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    // How often the workers run the cleanup job (expired uploads, expired
    // rate-limit counters). A cron schedule runs it, so the interval divides
    // an hour or a day into equal parts.
    CLEANUP_INTERVAL_MINUTES: z.coerce
      .number()
      .int()
      .refine((m) => CLEANUP_INTERVALS.includes(m), `must be one of ${CLEANUP_INTERVALS.join(", ")}`)
      .default(60),
    // Web Push's VAPID key pair (web-push generate-vapid-keys): both or
    // neither; without them the app makes a pair on first start and keeps it
    // in the database. The subject is how push services reach the operator.
    VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, "must be a URL-safe base64 P-256 public key").optional(),
    VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, "must be a URL-safe base64 P-256 private key").optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, "must be a mailto: address or an https:// URL")
      .default("mailto:push@live-notify.invalid"),
    // Push devices one person may register; a new one past this replaces
    // the one registered longest ago.
    PUSH_MAX_DEVICES: z.coerce.number().int().min(1).max(100).default(10),
  })
  .refine((e) => !e.VAPID_PUBLIC_KEY === !e.VAPID_PRIVATE_KEY, {
    message: "give both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither",
    path: ["VAPID_PRIVATE_KEY"],
  })
  .transform((e) => ({
    ...e,
    PUSHER_PUBLIC_HOST: e.PUSHER_PUBLIC_HOST ?? e.PUSHER_HOST,
    PUSHER_PUBLIC_PORT: e.PUSHER_PUBLIC_PORT ?? e.PUSHER_PORT,
    PUSHER_PUBLIC_TLS: e.PUSHER_PUBLIC_TLS ?? e.PUSHER_USE_TLS,
  }));

export type Env = z.infer<typeof envSchema>;

export class InvalidSettingsError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee README.md, "Settings".`);
    this.name = "InvalidSettingsError";
  }
}

/** Validates a set of environment variables; throws naming each bad one. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty string means "not set" (docker-compose passes `VAR=` for blanks).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new InvalidSettingsError(
      result.error.issues.map((i) => `${i.path.join(".") || "settings"} ${i.message}`),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The process's settings, validated on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
