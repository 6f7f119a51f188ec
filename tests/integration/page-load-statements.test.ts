// What every page's server render reads for the header's bell
// (notifications.summary) and the maintenance banner (system.maintenance),
// both prefetched by the root layout, counted in SQL
// statements rather than timed (docs/benchmarks.md, "Page load"): on a page load nothing
// is usually new, and then no transaction copies broadcasts, and the heads
// of all the person's channels come in one read.
import { describe, expect, it } from "vitest";
import { inboxSummary } from "@/server/notifications/list-notifications";
import { callerFor } from "../helpers/callers";
import { countSql } from "../helpers/sql-counter";
import { createUser } from "../helpers/users";

const heads = (statements: string[]) => statements.filter((s) => /FROM "public"."ChannelSequence"/.test(s));
const begins = (statements: string[]) => statements.filter((s) => /^BEGIN\b/i.test(s));

describe("the layout's bell summary", () => {
  it("reads in one snapshot with one read of every channel head and no broadcast-copy transaction when nothing is new", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const alice = await createUser();
    await callerFor(admin).admin.sendAnnouncement({ audience: { kind: "everyone" }, title: "Before the page" });
    await inboxSummary({ actor: alice }); // copies the announcement

    const { result, log } = await countSql(() => inboxSummary({ actor: alice }));

    expect(result.unreadCount).toBe(1);
    expect(begins(log.statements)).toHaveLength(1); // the summary's own snapshot, nothing else
    expect(heads(log.statements)).toHaveLength(1);
    // Budget: the watermark check, BEGIN, the person (with teams and preference),
    // the heads, unread count, latest, uncopied broadcasts, COMMIT. Raise only with a measured reason.
    expect(log.statements.length).toBeLessThanOrEqual(12);
  });

  it("still copies a broadcast sent since the last page, in its own transaction", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const bob = await createUser();
    await inboxSummary({ actor: bob });
    await callerFor(admin).admin.sendAnnouncement({ audience: { kind: "everyone" }, title: "While away" });

    const { result, log } = await countSql(() => inboxSummary({ actor: bob }));

    expect(result.unreadCount).toBe(1);
    expect(result.latest.map((n) => n.title)).toContain("While away");
    expect(begins(log.statements)).toHaveLength(2); // the copy's transaction, then the snapshot
  });
});

describe("the layout's maintenance banner", () => {
  it("reads the windows and the system channel's head in one statement, no transaction", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const startsAt = new Date(Date.now() + 60_000).toISOString();
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const window = await callerFor(admin).admin.scheduleMaintenance({ message: "Counted window", startsAt, endsAt });

    const { result, log } = await countSql(() => callerFor(null).system.maintenance());

    // The NOTIFY that wakes other processes' publishers after scheduling may
    // go out while this is counted (outbox-wakeup.ts); it is not the banner's.
    expect(log.statements.filter((s) => !s.startsWith("NOTIFY"))).toHaveLength(1);
    expect(result.windows).toContainEqual({ ...window, startsAt, endsAt });
    expect(result.head).toBeGreaterThan(0);
    await callerFor(admin).admin.cancelMaintenance({ id: window.id });
  });
});
