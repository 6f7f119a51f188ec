// The typing line's wording, the status throttle (at most one signal per
// second, the newest state wins) and agenda diffs applied twice.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ThrottledSignal, typingLine } from "@/lib/rooms/presence";
import { agendaWithEvent, messagesWithEvent } from "@/lib/rooms/room-cache";
import type { EventEnvelope } from "@/lib/events";

afterEach(() => vi.useRealTimers());

describe("typingLine", () => {
  it("names one or two people, then says several", () => {
    expect(typingLine([])).toBeNull();
    expect(typingLine(["Alice"])).toBe("Alice is typing…");
    expect(typingLine(["Alice", "Bob"])).toBe("Alice and Bob are typing…");
    expect(typingLine(["Alice", "Bob", "Carol"])).toBe("Several people are typing…");
  });
});

describe("ThrottledSignal", () => {
  it("sends at once, then at most once per interval with the newest value", () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const signal = new ThrottledSignal<string>((v) => sent.push(v), 1_000);
    signal.push("a");
    signal.push("b");
    signal.push("c");
    expect(sent).toEqual(["a"]);
    vi.advanceTimersByTime(999);
    expect(sent).toEqual(["a"]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(["a", "c"]);
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual(["a", "c"]);
    signal.push("d");
    expect(sent).toEqual(["a", "c", "d"]);
    signal.push("e");
    signal.dispose();
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual(["a", "c", "d"]);
  });
});

const envelope = (id: number, type: string, data: unknown) => ({ id, type, channel: "presence-room.r", at: "", data }) as EventEnvelope;

describe("room cache", () => {
  it("applies agenda and message events idempotently", () => {
    const a = { id: "a", title: "A", url: null, position: "a0" };
    const b = { id: "b", title: "B", url: null, position: "a1" };
    const inserted = envelope(1, "agenda.inserted", { item: b, index: 1 });
    const moved = envelope(2, "agenda.moved", { id: "b", from: 1, to: 0, position: "Zz" });
    let items = agendaWithEvent([a], inserted);
    items = agendaWithEvent(items, inserted);
    expect(items.map((i) => i.id)).toEqual(["a", "b"]);
    items = agendaWithEvent(agendaWithEvent(items, moved), moved);
    expect(items.map((i) => i.id)).toEqual(["b", "a"]);

    const message = { id: "m", roomId: "r", body: "hi", author: { id: "u", name: "U" }, createdAt: "2026-01-01T00:00:00.000Z", editedAt: null };
    const created = envelope(3, "message.created", { message });
    expect(messagesWithEvent(messagesWithEvent([message], created), created)).toHaveLength(1);
  });
});
