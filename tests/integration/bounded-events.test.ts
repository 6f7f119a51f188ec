// Text people supply (a CSV header, names) never makes an event too big to
// send, so it never fails the change that carries it: a CSV whose header
// repeats a 10 KB column name ends FAILED with a reason a person reads, and
// its events reach the owner; a run that no job will run again ends when its
// owner cancels it; a group of 100 people with long names still notifies.
import { describe, expect, it } from "vitest";
import { MAX_EVENT_BYTES, type EventEnvelope } from "@/lib/events";
import { IMPORT_WORKFLOW, importSteps } from "@/lib/imports";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { testWorker } from "../helpers/test-worker";
import { createUser } from "../helpers/users";

const { client } = liveHarness();
const { uploadCsv } = testWorker("bounded-events");

const bytes = (event: EventEnvelope) => Buffer.byteLength(JSON.stringify(event));

describe("events carry bounded text", () => {
  it("a CSV whose header repeats a 10 KB column name ends FAILED with a readable reason, and its events are delivered", async () => {
    const owner = await createUser();
    const name = "a".repeat(10 * 1024);
    const uploadId = await uploadCsv(owner.id, `${name},${name}\n1,2\n`);
    const tab = client(owner);
    expect(await tab.subscribe(channels.user(owner.id))).toEqual({ ok: true });

    const { processId, datasetId } = await callerFor(owner).imports.start({ uploadId });
    expect(await tab.subscribe(channels.process(processId))).toEqual({ ok: true });
    expect(await tab.subscribe(channels.resource(datasetId))).toEqual({ ok: true });

    const reason = `The header names the column "${"a".repeat(59)}…" twice.`;
    await expect
      .poll(async () => (await db.workflowProcess.findUniqueOrThrow({ where: { id: processId } })).status, { timeout: 30_000 })
      .toBe("FAILED");
    const run = await db.workflowProcess.findUniqueOrThrow({ where: { id: processId }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(run.error).toBe(reason);
    expect(run.steps.map((s) => [s.name, s.status, s.error])).toEqual([
      ["validate", "FAILED", reason],
      ["parse", "WAITING", null],
      ["import", "WAITING", null],
      ["summarize", "WAITING", null],
    ]);

    // What the owner's open pages hear: the run ended, the dataset's list, the inbox.
    await expect.poll(() => tab.events(channels.process(processId)).at(-1)?.type, { timeout: 10_000 }).toBe("process.finished");
    expect(tab.events(channels.process(processId)).at(-1)!.data).toMatchObject({ status: "FAILED", error: reason });
    const [failed] = await tab.waitForEvents(channels.resource(datasetId), 1);
    expect(failed).toMatchObject({ type: "workflow.failed", data: { status: "FAILED", error: reason } });
    await expect
      .poll(() => tab.events(channels.user(owner.id)).find((e) => e.type === "notification.created"))
      .toMatchObject({ data: { notification: { title: "Import failed: data", body: reason } } });
  });

  it("cancel ends a run that no job will run again (as a worker that gave up leaves it)", async () => {
    const owner = await createUser();
    const dataset = await db.dataset.create({ data: { ownerId: owner.id, name: "stuck" } });
    const stuck = await db.workflowProcess.create({
      data: {
        workflow: IMPORT_WORKFLOW,
        ownerId: owner.id,
        datasetId: dataset.id,
        status: "RUNNING",
        attempts: 4,
        startedAt: new Date(),
        steps: {
          create: importSteps.map((s, position) => ({
            position,
            name: s.name,
            unit: s.unit,
            status: position === 0 ? ("RUNNING" as const) : ("WAITING" as const),
          })),
        },
      },
    });
    const tab = client(owner);
    expect(await tab.subscribe(channels.process(stuck.id))).toEqual({ ok: true });

    expect(await callerFor(owner).imports.cancel({ processId: stuck.id })).toEqual({ ok: true });
    const ended = await db.workflowProcess.findUniqueOrThrow({ where: { id: stuck.id }, include: { steps: true } });
    expect(ended.status).toBe("CANCELLED");
    expect(ended.steps.find((s) => s.position === 0)!.status).toBe("CANCELLED");
    await expect
      .poll(() => tab.events(channels.process(stuck.id)).find((e) => e.type === "process.finished")?.data)
      .toMatchObject({ status: "CANCELLED" });
    await expect(callerFor(owner).imports.cancel({ processId: stuck.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a group of 100 people with long names still notifies; the event is cut and says so, the inbox has every name", { timeout: 60_000 }, async () => {
    const alice = await createUser();
    // 80 characters of 4 bytes each: 100 such names are 32 KB.
    const people = await Promise.all(
      Array.from({ length: 100 }, (_, i) => createUser({ name: `${String(i).padStart(3, "0")}${"😀".repeat(77)}` })),
    );
    const tab = client(alice);
    expect(await tab.subscribe(channels.user(alice.id))).toEqual({ ok: true });
    const post = await callerFor(alice).posts.create({ title: "Roadmap", body: "Thoughts?" });

    // Commenting follows a post: here only Alice's entry is under
    // test, so the 100 have unfollowed it (else each comment would also
    // notify everyone who commented before, tests/integration/follows.test.ts).
    await db.postFollow.createMany({ data: people.map((p) => ({ postId: post.id, userId: p.id, following: false })) });
    for (const person of people) await callerFor(person).posts.addComment({ postId: post.id, body: "Yes" });

    const events = await tab.waitForEvents(channels.user(alice.id), 100, 30_000);
    const last = events.at(-1)!;
    expect(last.type).toBe("notification.updated");
    if (last.type !== "notification.updated") return;
    const cut = last.data.notification;
    expect(cut).toMatchObject({ groupCount: 100, truncated: true });
    expect(cut.actors[0]).toBe(people[99]!.name);
    expect(cut.actors.length).toBeLessThan(100);
    expect(Math.max(...events.map(bytes))).toBeLessThanOrEqual(MAX_EVENT_BYTES);

    // The inbox query has the entry whole.
    const [entry] = (await callerFor(alice).notifications.list({ limit: 1, unreadOnly: false })).items;
    expect(entry).toMatchObject({ groupCount: 100, title: cut.title });
    expect(entry!.actors).toHaveLength(100);
    expect(entry!.truncated).toBeUndefined();
  });
});
