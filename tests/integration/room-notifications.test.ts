// Journey: room messages notify people who are not in the room,
// by each person's setting for it (private rooms: every message by default;
// public rooms: mentions only by default), grouped per room while unread,
// with the room as subject so muting the room silences them. Someone with
// the room open (subscribed to its presence channel) is not notified.
import { describe, expect, it } from "vitest";
import { mentionToken } from "@/lib/mentions/mention-tokens";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { addToRoom } from "../helpers/invitations";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

type User = Awaited<ReturnType<typeof createUser>>;
// Without the invitations a member accepted to get in (addToRoom): these tests are about what follows.
const inbox = async (user: User) =>
  (await callerFor(user).notifications.list({ limit: 20, unreadOnly: false })).items.filter((n) => !n.type.endsWith(".invited"));

describe("room message notifications", () => {
  it("a private room's members hear of every message while away, live and grouped per room, opening the message", async () => {
    const [owner, bob, carol] = await Promise.all([createUser({ name: "Owner" }), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const room = await callerFor(owner).rooms.create({ name: "Crew", visibility: "PRIVATE" });
    await addToRoom(owner, room.id, bob);
    await addToRoom(owner, room.id, carol);
    expect(await callerFor(bob).rooms.notificationSetting({ roomId: room.id })).toEqual({
      roomId: room.id,
      level: "all",
      isDefault: true,
      default: "all",
    });
    const tab = client(bob);
    await tab.subscribe(channels.user(bob.id));

    const { message } = await callerFor(owner).rooms.send({ roomId: room.id, body: "Standup in 5" });
    await callerFor(carol).rooms.send({ roomId: room.id, body: "Coming" });

    // The person's channel also carries the rooms list's chat.activity: only the inbox's events here.
    const inboxEvents = () => tab.events(channels.user(bob.id)).filter((e) => e.type.startsWith("notification."));
    await expect.poll(() => inboxEvents().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const events = inboxEvents();
    expect(events[0]).toMatchObject({
      type: "notification.created",
      data: { notification: { type: "room.message", title: "Owner wrote in Crew", body: "Standup in 5", link: `/rooms/${room.id}#message-${message.id}` } },
    });
    expect(events[1]).toMatchObject({
      type: "notification.updated",
      data: { unreadCount: 1, notification: { groupCount: 2, title: "Carol and Owner wrote in Crew" } },
    });
    // Nobody hears of their own message.
    expect((await inbox(owner)).map((n) => n.title)).toEqual(["Carol wrote in Crew"]);
  });

  it("someone with the room open is not notified; once they leave, they are", async () => {
    const [owner, bob] = await Promise.all([createUser({ name: "Owner" }), createUser({ name: "Bob" })]);
    const room = await callerFor(owner).rooms.create({ name: "Pair", visibility: "PRIVATE" });
    await addToRoom(owner, room.id, bob);
    const tab = client(bob);
    expect(await tab.subscribe(channels.room(room.id))).toEqual({ ok: true });

    await callerFor(owner).rooms.send({ roomId: room.id, body: "You see this live" });
    expect(await inbox(bob)).toEqual([]);

    tab.pusher.unsubscribe(channels.room(room.id));
    // Soketi drops the member when the unsubscribe arrives.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await callerFor(owner).rooms.send({ roomId: room.id, body: "Now you are away" });
    expect((await inbox(bob)).map((n) => n.body)).toEqual(["Now you are away"]);
  });

  it("settings: public rooms default to mentions, 'all' opts in, 'off' silences even mentions; muting the room silences it", async () => {
    const [owner, bob, carol, dan] = await Promise.all([
      createUser({ name: "Owner" }),
      createUser({ name: "Bob" }),
      createUser({ name: "Carol" }),
      createUser({ name: "Dan" }),
    ]);
    const room = await callerFor(owner).rooms.create({ name: "Town square", visibility: "PUBLIC" });
    expect((await callerFor(bob).rooms.notificationSetting({ roomId: room.id })).level).toBe("mentions");
    await callerFor(carol).rooms.setNotificationSetting({ roomId: room.id, level: "all" });
    await callerFor(dan).rooms.setNotificationSetting({ roomId: room.id, level: "off" });

    await callerFor(owner).rooms.send({ roomId: room.id, body: "Plain message" });
    await callerFor(owner).rooms.send({ roomId: room.id, body: `Hey ${mentionToken(bob)} ${mentionToken(dan)}` });

    expect((await inbox(bob)).map((n) => [n.type, n.title])).toEqual([["mention", "Owner mentioned you in Town square"]]);
    expect((await inbox(carol)).map((n) => [n.type, n.title, n.groupCount])).toEqual([["room.message", "Owner wrote in Town square", 2]]);
    expect(await inbox(dan)).toEqual([]);

    await callerFor(carol).preferences.mute({ kind: "room", targetId: room.id });
    await callerFor(bob).preferences.mute({ kind: "room", targetId: room.id });
    await callerFor(owner).rooms.send({ roomId: room.id, body: `Muted ${mentionToken(bob)}` });
    expect((await inbox(carol))[0]!.groupCount).toBe(2);
    expect(await inbox(bob)).toHaveLength(1);
  });

  it("settings are refused for a private room one is not in, and for a level that does not exist", async () => {
    const [owner, stranger] = await Promise.all([createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Closed", visibility: "PRIVATE" });
    await expect(callerFor(stranger).rooms.notificationSetting({ roomId: room.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(stranger).rooms.setNotificationSetting({ roomId: room.id, level: "all" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(owner).rooms.setNotificationSetting({ roomId: room.id, level: "loud" as "all" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(null).rooms.notificationSetting({ roomId: room.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
