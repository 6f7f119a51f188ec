// The app as the benchmark drives it: the real tRPC router (createCaller),
// services, PostgreSQL, outbox and publisher, in a process of its own (pinned
// to the servers' core). Next's HTTP layer is left out: a small HTTP server
// hands each request to the router, as the references get theirs.
//   POST /notify {recipientEmail, title}  notifications.send as the admin
//   POST /post {title}                    posts.create as the admin (the feed channel)
//   GET /stats                            rss, events published, Pusher batch sizes (and resets them)
//   GET /stats?gc                         the same after a full collection (for the memory figures only)
import http from "node:http";
import pg from "pg";
import { createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import { db } from "@/server/db";
import { OutboxPublisher } from "@/server/realtime/publisher";
import { setPublisher } from "@/server/realtime/current-publisher";
import { createPusher, type AppPusher } from "@/server/realtime/pusher";

const admin = JSON.parse(process.env.BENCH_ADMIN!) as { id: string; email: string; name: string; role: "ADMIN" };
const caller = createCaller(createContextInner({ user: admin }));

// How the publisher batches: events per Pusher HTTP request.
const batchSizes: number[] = [];
const pusher = createPusher();
const counting = new Proxy(pusher, {
  get(target, prop) {
    if (prop === "publishBatch") {
      return (batch: Parameters<AppPusher["publishBatch"]>[0]) => {
        batchSizes.push(batch.length);
        return target.publishBatch(batch);
      };
    }
    const value = Reflect.get(target, prop) as unknown;
    return typeof value === "function" ? value.bind(target) : value;
  },
});
const publisher = new OutboxPublisher({ db, pusher: counting, pollMs: 250, log: { info() {}, warn: console.warn, error: console.error } });
setPublisher(publisher);
publisher.start();

// How the fast path groups notifications: statements that write them, against calls.
let notifyCalls = 0;
let notifyStatements = 0;
const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const query = proto.query;
proto.query = function (this: pg.Client, ...args: unknown[]) {
  if ((args[0] as { text?: string } | undefined)?.text?.includes('INSERT INTO "Notification"')) notifyStatements++;
  return query.apply(this, args);
};

async function body(req: http.IncomingMessage): Promise<Record<string, string>> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return JSON.parse(text || "{}") as Record<string, string>;
}

// An exit of its own, so that a `--cpu-prof` profile is written (BENCH_PROFILE).
process.on("SIGTERM", () => process.exit(0));

http
  .createServer(async (req, res) => {
    try {
      if (req.url === "/notify") {
        const input = await body(req);
        notifyCalls++;
        await caller.notifications.send({ recipientEmail: input.recipientEmail!, title: input.title!, body: "benchmark" });
      } else if (req.url === "/post") {
        const input = await body(req);
        await caller.posts.create({ title: input.title!, body: "benchmark" });
      } else if (req.url?.startsWith("/stats")) {
        // Only where memory is measured: a full collection deoptimizes the
        // code that held objects it frees, and the run after it paid for
        // compiling that code again (on the servers' core, in V8's threads).
        if (req.url.endsWith("?gc")) (globalThis as { gc?: () => void }).gc?.();
        res.end(JSON.stringify({ rss: process.memoryUsage().rss, published: publisher.published, batchSizes: batchSizes.splice(0), notifyCalls, notifyStatements }));
        notifyCalls = notifyStatements = 0;
        return;
      }
      res.end("{}");
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  })
  .listen(Number(process.env.BENCH_PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
