// The dashboard's dataset widget follows `dataset.updated` on its owner's
// channel: an import that starts and one that ends each announce the dataset
// there (after the run's own events), the widget's snapshot says which event
// it is current to, and a tab that was away catches up from that head.
// Nobody else may read the owner's channel.
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { testWorker } from "../helpers/test-worker";
import { createUser } from "../helpers/users";

const { uploadDir, uploadCsv } = testWorker("dataset-events-test");
process.env.UPLOAD_DIR = uploadDir;
const { client } = liveHarness();

async function waitForEnd(processId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await db.workflowProcess.findUniqueOrThrow({ where: { id: processId } });
    if (["COMPLETED", "FAILED", "CANCELLED"].includes(p.status)) return p;
    if (Date.now() > deadline) throw new Error(`process ${processId} is still ${p.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("dataset widget events", () => {
  it("announces an import's start and end on the owner's channel; the snapshot's head lets a tab catch up", { timeout: 90_000 }, async () => {
    const alice = await createUser();
    const empty = await callerFor(alice).imports.latestSummary();
    expect(empty.dataset).toBeNull();

    const tab = client(alice);
    expect(await tab.subscribe(channels.user(alice.id))).toEqual({ ok: true });

    const uploadId = await uploadCsv(alice.id, "city,people\nOslo,700000\nBergen,290000\n", "cities.csv");
    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId });
    expect((await waitForEnd(processId)).status).toBe("COMPLETED");

    // Live: what the open dashboard receives.
    const live = (await tab.waitForEvents(channels.user(alice.id), 4)).filter((e) => e.type === "dataset.updated");
    expect(live.map((e) => e.data)).toEqual([
      { dataset: { id: datasetId, name: "cities", status: "QUEUED", rowCount: null } },
      { dataset: { id: datasetId, name: "cities", status: "COMPLETED", rowCount: 2 } },
    ]);

    // The snapshot after it includes the summary and is current to the last event.
    const after = await callerFor(alice).imports.latestSummary();
    expect(after.dataset).toMatchObject({ id: datasetId, name: "cities", summary: { rowCount: 2 } });
    expect(after.head).toBeGreaterThanOrEqual(live.at(-1)!.id);

    // A tab loaded before the import (at the empty snapshot's head) catches up with both.
    const missed = await callerFor(alice).realtime.catchUp({ channel: channels.user(alice.id), afterId: empty.head });
    expect(missed.reset).toBe(false);
    expect(missed.events.filter((e) => e.type === "dataset.updated").map((e) => (e.data as { dataset: { status: string } }).dataset.status)).toEqual([
      "QUEUED",
      "COMPLETED",
    ]);
  });

  it("announces a failed import too, and nobody else may follow the owner's channel", { timeout: 90_000 }, async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const uploadId = await uploadCsv(alice.id, "a,b\n1,2\n3\n", "broken.csv");
    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId });
    expect((await waitForEnd(processId)).status).toBe("FAILED");
    const events = await db.outboxEvent.findMany({ where: { channel: channels.user(alice.id), type: "dataset.updated" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => (e.payload as { dataset: { id: string; status: string } }).dataset)).toMatchObject([
      { id: datasetId, status: "QUEUED" },
      { id: datasetId, status: "FAILED" },
    ]);
    // The widget still shows no dataset: a failed import has no summary.
    expect((await callerFor(alice).imports.latestSummary()).dataset).toBeNull();

    const intruder = client(bob);
    expect(await intruder.subscribe(channels.user(alice.id))).toMatchObject({ ok: false });
    await expect(callerFor(bob).realtime.catchUp({ channel: channels.user(alice.id), afterId: 0 })).rejects.toBeInstanceOf(TRPCError);
  });
});
