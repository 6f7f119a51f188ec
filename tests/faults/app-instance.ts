// One app instance of a multi-node deployment as a process of its own, so
// that a fault test can SIGKILL it mid-burst: it runs the outbox publisher
// (short lease, OUTBOX_LEASE_MS) and writes notifications through notify()
// to FAULT_RECIPIENTS (comma-separated user ids), as its API callers would,
// until it is killed. Every 50 ms it prints a JSON line:
// { "committed": writes that answered success, "published": events its publisher sent }.
import { notify } from "@/server/notifications/notify";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { OutboxPublisher } from "@/server/realtime/publisher";
import { setPublisher } from "@/server/realtime/current-publisher";
import { createPusher } from "@/server/realtime/pusher";

const recipients = (process.env.FAULT_RECIPIENTS ?? "").split(",").filter(Boolean);
const publisher = new OutboxPublisher({
  db,
  pusher: createPusher(env()),
  pollMs: 20,
  leaseMs: Number(process.env.OUTBOX_LEASE_MS ?? 10_000),
  log: { info() {}, warn() {}, error: console.error },
});
publisher.start();
setPublisher(publisher); // local commits wake it directly, as in the app

let committed = 0;
setInterval(() => process.stdout.write(`${JSON.stringify({ committed, published: publisher.published })}\n`), 50);

// Two writers, as two API requests in flight at a time.
for (let lane = 0; lane < 2; lane++) {
  void (async () => {
    // Writes start once this instance publishes, so the kill finds it the leader.
    while (!publisher.leader) await new Promise((r) => setTimeout(r, 20));
    for (let i = lane; ; i += 2) {
      await notify({ recipientId: recipients[i % recipients.length]!, type: "system.test", title: `instance-1 ${i}` });
      committed++;
    }
  })();
}
