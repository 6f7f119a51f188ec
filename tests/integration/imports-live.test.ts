// Imports live everywhere. A run started in one tab, or
// by another session of the same person, reaches every open imports page of
// the owner as `dataset.created` on their channel, carrying the dataset as
// the page lists it. A run that fails alerts every admin page on
// `private-admin` (`import.failed`, committed with the FAILED state), which
// no one else may follow.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "@/lib/events";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { channelHead } from "@/server/realtime/outbox";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { testWorker } from "../helpers/test-worker";
import { createUser } from "../helpers/users";

const { uploadDir, uploadCsv } = testWorker("imports-live-test");
process.env.UPLOAD_DIR = uploadDir;
const { client } = liveHarness();

const ofType = (events: EventEnvelope[], type: string) => events.filter((e) => e.type === type);

describe("imports live everywhere", () => {
  it("a run started in one tab, or by another session, reaches the owner's other tab with the list's view of it", { timeout: 90_000 }, async () => {
    const alice = await createUser();
    // The second tab loaded the (empty) list, then follows the owner's channel from its head.
    const loaded = await callerFor(alice).imports.datasets();
    expect(loaded.items).toEqual([]);
    const otherTab = client(alice);
    expect(await otherTab.subscribe(channels.user(alice.id))).toEqual({ ok: true });

    const first = await callerFor(alice).imports.start({ uploadId: await uploadCsv(alice.id, "city,people\nOslo,700000\n", "cities.csv") });
    // "Another session": a second sign-in of the same person (imports take no API token, see docs/imports.md).
    const secondSession = callerFor({ ...alice });
    const second = await secondSession.imports.start({ uploadId: await uploadCsv(alice.id, "a,b\n1,2\n", "numbers.csv"), name: "Numbers" });

    await expect.poll(() => ofType(otherTab.events(channels.user(alice.id)), "dataset.created").length, { timeout: 10_000 }).toBe(2);
    const created = ofType(otherTab.events(channels.user(alice.id)), "dataset.created");
    expect(created.every((e) => e.id > loaded.head)).toBe(true);

    // Each carries the dataset exactly as the list shows it (before it has a summary).
    const listed = await callerFor(alice).imports.datasets();
    for (const [event, started, name] of [
      [created[0]!, first, "cities"],
      [created[1]!, second, "Numbers"],
    ] as const) {
      const item = listed.items.find((d) => d.id === started.datasetId)!;
      // The list may already show the run further on (running, done): the event is its start.
      expect(event.data).toEqual({
        dataset: {
          id: started.datasetId,
          name,
          rowCount: null,
          createdAt: item.createdAt,
          latestProcess: { ...item.latestProcess, id: started.processId, status: "QUEUED", error: null, cancelRequested: false, finishedAt: null },
        },
      });
    }
    // A tab that was away gets both from its snapshot's head (the page's catch-up).
    const missed = await callerFor(alice).realtime.catchUp({ channel: channels.user(alice.id), afterId: loaded.head });
    expect(ofType(missed.events as EventEnvelope[], "dataset.created").map((e) => e.id)).toEqual(created.map((e) => e.id));
  });

  it("a failed run alerts the admins on private-admin, lists it for them, and no one else may follow that channel", { timeout: 90_000 }, async () => {
    const [alice, admin, bob] = await Promise.all([createUser(), createUser({ role: "ADMIN" }), createUser()]);
    const before = await callerFor(admin).admin.failedImports();
    const adminsTab = client(admin);
    expect(await adminsTab.subscribe(channels.admin())).toEqual({ ok: true });

    // A row with too few values fails validation at once.
    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId: await uploadCsv(alice.id, "a,b\n1,2\n3\n", "broken.csv") });
    await expect.poll(async () => (await db.workflowProcess.findUniqueOrThrow({ where: { id: processId } })).status, { timeout: 30_000 }).toBe("FAILED");
    const run = await db.workflowProcess.findUniqueOrThrow({ where: { id: processId } });

    // Other files' admin events may arrive on the same channel: find this run's.
    await expect
      .poll(() => ofType(adminsTab.events(channels.admin()), "import.failed").some((e) => (e.data as { failure: { processId: string } }).failure.processId === processId), { timeout: 10_000 })
      .toBe(true);
    const alert = ofType(adminsTab.events(channels.admin()), "import.failed").find((e) => (e.data as { failure: { processId: string } }).failure.processId === processId)!;
    expect(alert.data).toEqual({
      failure: {
        processId,
        datasetId,
        datasetName: "broken",
        owner: { id: alice.id, name: alice.name },
        error: run.error,
        failedAt: run.finishedAt!.toISOString(),
      },
    });
    expect(run.error).toMatch(/row/i);
    expect(alert.id).toBeGreaterThan(before.head);

    // In the same transaction as the FAILED state: the run's end and the alert commit together.
    const outbox = await db.outboxEvent.findFirstOrThrow({ where: { channel: channels.admin(), seq: alert.id } });
    expect(outbox.type).toBe("import.failed");

    // The admin page's list has it, current to at least that event.
    const after = await callerFor(admin).admin.failedImports();
    expect(after.head).toBeGreaterThanOrEqual(alert.id);
    expect(after.items.find((f) => f.processId === processId)).toEqual((alert.data as { failure: unknown }).failure);

    // A person who is not an admin may neither follow the channel nor read the list.
    expect(await client(bob).subscribe(channels.admin())).toMatchObject({ ok: false });
    await expect(callerFor(bob).admin.failedImports()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(bob).realtime.catchUp({ channel: channels.admin(), afterId: 0 })).rejects.toBeInstanceOf(TRPCError);
    expect(await channelHead(db, channels.admin())).toBeGreaterThanOrEqual(alert.id);
  });

  it("a run that completes does not alert the admins", { timeout: 90_000 }, async () => {
    const alice = await createUser();
    const { processId } = await callerFor(alice).imports.start({ uploadId: await uploadCsv(alice.id, "a\n1\n", "fine.csv") });
    await expect.poll(async () => (await db.workflowProcess.findUniqueOrThrow({ where: { id: processId } })).status, { timeout: 30_000 }).toBe("COMPLETED");
    const alerts = await db.outboxEvent.findMany({ where: { channel: channels.admin(), type: "import.failed" } });
    expect(alerts.some((e) => (e.payload as { failure: { processId: string } }).failure.processId === processId)).toBe(false);
  });
});
