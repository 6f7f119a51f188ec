// Inbox pages: newest first, keyset-paginated so that nothing is skipped.
import { describe, expect, it } from "vitest";
import { notify } from "@/server/notifications/notify";
import { callerFor } from "../helpers/callers";
import { createUser } from "../helpers/users";

describe("inbox pages", () => {
  it("pages newest first without skipping, even when the cursor's item was read meanwhile (unread filter)", async () => {
    const alice = await createUser();
    const made = [];
    for (const title of ["n1", "n2", "n3", "n4", "n5"]) made.push(await notify({ recipientId: alice.id, type: "system.test", title }));
    const me = callerFor(alice);

    const first = await me.notifications.list({ limit: 2, unreadOnly: true });
    expect(first.items.map((n) => n.title)).toEqual(["n5", "n4"]);
    await me.notifications.markRead({ id: first.nextCursor! }); // n4, the cursor, is read now
    const second = await me.notifications.list({ limit: 2, unreadOnly: true, cursor: first.nextCursor });
    expect(second.items.map((n) => n.title)).toEqual(["n3", "n2"]);
    const third = await me.notifications.list({ limit: 2, unreadOnly: true, cursor: second.nextCursor });
    expect(third).toMatchObject({ items: [{ title: "n1" }], nextCursor: null });

    const all = await me.notifications.list({ limit: 10 });
    expect(all.items.map((n) => [n.title, n.readAt === null])).toEqual([
      ["n5", true],
      ["n4", false],
      ["n3", true],
      ["n2", true],
      ["n1", true],
    ]);
    // Someone else's notification id is no cursor for Alice.
    const bob = await createUser();
    await expect(callerFor(bob).notifications.list({ cursor: made[0]!.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
