// What the browser takes from a channel: only the server's events (catalogue
// names, never `client-*`, envelope type and channel matching), and client
// signals only on presence channels, from Soketi's user_id, schema-checked.
import { describe, expect, it } from "vitest";
import { CURSOR_EVENT, cursorSignal, encodeCursor } from "@/lib/documents/cursor-codec";
import type { EventEnvelope } from "@/lib/events";
import { clientSignalReader, isServerEventName, serverEventFrom } from "@/lib/realtime/accept-event";
import { ChannelSequencer } from "@/lib/realtime/channel-sequencer";
import { STATUS_EVENT, statusSignal } from "@/lib/rooms/presence";

const FEED = "private-feed";

function postCreated(id: number, title: string, channel = FEED) {
  return {
    id,
    type: "post.created",
    channel,
    at: new Date(0).toISOString(),
    data: {
      post: {
        id: `p${id}`,
        title,
        body: "",
        bodyTruncated: false,
        author: { id: "bob", name: "Bob" },
        createdAt: new Date(0).toISOString(),
        editedAt: null,
        commentCount: 0,
      },
    },
  };
}

describe("server events", () => {
  it("knows the catalogue's names and nothing else", () => {
    expect(isServerEventName("post.created")).toBe(true);
    expect(isServerEventName("maintenance.scheduled")).toBe(true);
    expect(isServerEventName("client-post.created")).toBe(false);
    expect(isServerEventName("client-status")).toBe(false);
    expect(isServerEventName("pusher:subscription_succeeded")).toBe(false);
    expect(isServerEventName("toString")).toBe(false);
    expect(isServerEventName("from.the.future")).toBe(false);
  });

  it("takes an envelope only under its own type and on its own channel", () => {
    const event = postCreated(1, "Real");
    expect(serverEventFrom(FEED, "post.created", event)).toEqual(event);
    expect(serverEventFrom(FEED, "post.created", JSON.stringify(event))).toEqual(event);
    // A subscriber's client event carrying the same envelope.
    expect(serverEventFrom(FEED, "client-post.created", event)).toBeNull();
    expect(serverEventFrom(FEED, "client-event", event)).toBeNull();
    // Published under one name, claiming another type; or a copy from another channel.
    expect(serverEventFrom(FEED, "post.deleted", event)).toBeNull();
    expect(serverEventFrom(FEED, "post.created", postCreated(1, "Copied", "private-post.p1"))).toBeNull();
    expect(serverEventFrom(FEED, "post.created", "not json")).toBeNull();
    expect(serverEventFrom(FEED, "post.created", null)).toBeNull();
  });

  it("a forged client-* copy of the next envelope is not applied, and the real event still is", () => {
    const applied: EventEnvelope[] = [];
    const sequencer = new ChannelSequencer({
      channel: FEED,
      baselineId: 4,
      apply: (event) => applied.push(event),
      catchUp: () => Promise.resolve({ events: [], reset: false }),
      reload: () => Promise.resolve(0),
    });
    sequencer.receive("client-post.created", postCreated(5, "Forged under Bob's name"));
    sequencer.receive("client-x", { ...postCreated(5, "Forged"), type: "client-x" });
    sequencer.receive("post.created", postCreated(5, "Real"));
    sequencer.dispose();
    expect(applied.map((e) => [e.id, e.type === "post.created" && e.data.post.title])).toEqual([[5, "Real"]]);
  });
});

describe("client signals", () => {
  const ROOM = "presence-room.r1";
  const readStatus = clientSignalReader(ROOM, STATUS_EVENT, statusSignal);

  it("attributes a valid signal to the user_id Soketi added", () => {
    expect(readStatus({ status: "away", typing: true }, { user_id: "alice" })).toEqual({
      userId: "alice",
      signal: { status: "away", typing: true },
    });
  });

  it("drops a signal without Soketi's user_id, whatever the payload claims", () => {
    expect(readStatus({ status: "away", typing: true, user_id: "alice" }, {})).toBeNull();
    expect(readStatus({ status: "away", typing: true }, undefined)).toBeNull();
    expect(readStatus({ status: "away", typing: true }, { user_id: "" })).toBeNull();
  });

  it("drops a payload that fails the signal's schema", () => {
    expect(readStatus({ status: "removed", typing: false }, { user_id: "alice" })).toBeNull();
    expect(readStatus("online", { user_id: "alice" })).toBeNull();
    const readCursor = clientSignalReader("presence-doc.d1", CURSOR_EVENT, cursorSignal);
    const cursor = { version: 3, anchor: 1, head: 2, colour: 0 };
    expect(readCursor(encodeCursor(cursor), { user_id: "bob" })).toEqual({ userId: "bob", signal: cursor });
    expect(readCursor(JSON.stringify(cursor), { user_id: "bob" })).toBeNull();
  });

  it("is never read on a channel that cannot say who sent it, nor under a server event's name", () => {
    expect(() => clientSignalReader("private-feed", STATUS_EVENT, statusSignal)).toThrow();
    expect(() => clientSignalReader("system", STATUS_EVENT, statusSignal)).toThrow();
    expect(() => clientSignalReader(ROOM, "message.created", statusSignal)).toThrow();
  });
});
