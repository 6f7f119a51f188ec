// The channel rules are one table that imports each domain's check: nothing
// has to be loaded first for a database-backed channel to be decided. This
// file imports only the table (no router, no domain service), and a member
// is let in while others are refused.
import { describe, expect, it } from "vitest";
import { canSubscribe } from "@/server/channel-auth/channel-access";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { createUser } from "../helpers/users";

describe("channel access on its own", () => {
  it("decides database-backed channels without any domain module loaded first", async () => {
    const [owner, member, stranger] = await Promise.all([createUser(), createUser(), createUser()]);
    const room = await db.room.create({
      data: { name: "Private", visibility: "PRIVATE", ownerId: owner.id, members: { create: [{ userId: owner.id }, { userId: member.id }] } },
    });
    const team = await db.team.create({ data: { name: `Team ${room.id}`, members: { create: [{ userId: member.id }] } } });

    expect(await canSubscribe(member, channels.room(room.id))).toBe(true);
    expect(await canSubscribe(stranger, channels.room(room.id))).toBe(false);
    expect(await canSubscribe(member, channels.team(team.id))).toBe(true);
    expect(await canSubscribe(stranger, channels.team(team.id))).toBe(false);
  });
});
