// One app instance's outbox publisher as a process of its own, so that the
// scale-out tests can kill it (SIGKILL: no clean stop, no lease given back)
// in the middle of a stream. Settings come from the environment as in the app;
// OUTBOX_LEASE_MS shortens the lease so that another instance takes over soon.
import { db } from "@/server/db";
import { env } from "@/server/env";
import { OutboxPublisher } from "@/server/realtime/publisher";
import { createPusher } from "@/server/realtime/pusher";

const publisher = new OutboxPublisher({
  db,
  pusher: createPusher(env()),
  pollMs: 20,
  leaseMs: Number(process.env.OUTBOX_LEASE_MS ?? 10_000),
  log: { info() {}, warn() {}, error: console.error },
});
publisher.start();
// The test reads this to know the process is up and publishing.
setInterval(() => process.stdout.write(`published ${publisher.published}\n`), 50);
