// What the browser may take from a channel, framework-free so it is unit-tested.
//
// Soketi (like every Pusher-compatible server) forwards a `client-*` event
// from any subscriber of a channel to the others, public channels included
// (it has no per-channel switch), with whatever payload the sender chose.
// Every other event name can only come from the server's HTTP API. So:
//  * a server event is recognised by its name, which must be a catalogue
//    type and never `client-*`, and its envelope must carry that same type
//    and the channel it arrived on (a copy from another channel is not one);
//  * a client event is taken only on presence channels, only under its
//    expected name, attributed to the user_id Soketi adds from the signed
//    subscription (never to anything in the payload), and only when its
//    payload passes the signal's schema.
import type { z } from "zod";
import { eventCatalogue } from "@/lib/events";

const CLIENT_PREFIX = "client-";

/** Whether `name` is an event only the server can publish and the catalogue knows. */
export function isServerEventName(name: string): boolean {
  return !name.startsWith(CLIENT_PREFIX) && Object.hasOwn(eventCatalogue, name);
}

/**
 * The envelope of a pushed event, or null when it cannot be the server's:
 * a client event, an unknown name, or an envelope whose `type` or `channel`
 * differ from the name and channel it arrived with. Nothing is validated
 * beyond that here: the sequencer orders it, then parses it (parseEnvelope).
 */
export function serverEventFrom(channel: string, eventName: string, data: unknown): object | null {
  if (!isServerEventName(eventName)) return null;
  const raw = pushedObject(data);
  if (!raw) return null;
  const envelope = raw as { type?: unknown; channel?: unknown };
  if (envelope.type !== eventName || envelope.channel !== channel) return null;
  return raw;
}

export type ClientSignal<T> = { userId: string; signal: T };

/**
 * A reader for one kind of client event on one presence channel: it takes
 * what pusher-js hands a bound callback (the data, then `{ user_id }` on
 * presence channels) and returns the sender and the validated signal, or
 * null to drop it.
 */
export function clientSignalReader<S extends z.ZodType>(channel: string, eventName: string, schema: S) {
  // Only presence channels say who sent a client event; anywhere else a
  // signal could claim to be anyone, so the app never listens for one there.
  if (!channel.startsWith("presence-")) throw new Error(`Client events are read on presence channels only, not ${channel}`);
  if (!eventName.startsWith(CLIENT_PREFIX)) throw new Error(`${eventName} is not a client event name`);
  return (data: unknown, metadata: unknown): ClientSignal<z.output<S>> | null => {
    const userId = (metadata as { user_id?: unknown } | null | undefined)?.user_id;
    if (typeof userId !== "string" || userId === "") return null;
    const parsed = schema.safeParse(data);
    return parsed.success ? { userId, signal: parsed.data } : null;
  };
}

/** What pusher-js hands over, as an object: it passes JSON it could not parse on as a string. */
export function pushedObject(data: unknown): object | null {
  let raw = data;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  return typeof raw === "object" && raw !== null ? raw : null;
}
