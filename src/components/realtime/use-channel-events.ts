"use client";
// Subscribes to one channel and hands its events to `onEvent` exactly once and
// in order (ChannelSequencer), catching up after every (re)subscription.
import { useEffect, useEffectEvent, useRef } from "react";
import type { EventEnvelope } from "@/lib/events";
import { ChannelSequencer, type EventSource } from "@/lib/realtime/channel-sequencer";
import { holdChannel } from "./channel-holds";
import { useRealtime } from "./realtime-provider";

export type ChannelEventsOptions = {
  channel: string;
  /**
   * The newest event id the loaded state includes (a query's snapshot), or
   * undefined while it loads: events are applied only on top of a state.
   * If it moves back (the state was replaced by an older snapshot), later
   * events are applied again, so `onEvent` must be idempotent and skip what
   * its state already includes.
   */
  baselineId: number | undefined;
  onEvent: (event: EventEnvelope, source: EventSource) => void;
  /** Too much was missed: reload the state and resolve to its baseline id. */
  onReset: () => Promise<number>;
};

export function useChannelEvents(options: ChannelEventsOptions): void {
  const { channel, baselineId } = options;
  const { client, catchUp, onWake } = useRealtime();
  const onEvent = useEffectEvent(options.onEvent);
  const onReset = useEffectEvent(options.onReset);
  const sequencerRef = useRef<ChannelSequencer | null>(null);
  const baselineRef = useRef(baselineId);
  const loaded = baselineId !== undefined;

  useEffect(() => {
    baselineRef.current = baselineId;
    if (baselineId !== undefined) sequencerRef.current?.rewindTo(baselineId);
  }, [baselineId]);

  useEffect(() => {
    const baseline = baselineRef.current;
    if (!client || !loaded || baseline === undefined) return;
    const sequencer = new ChannelSequencer({
      channel,
      baselineId: baseline,
      apply: (event, source) => onEvent(event, source),
      catchUp: (afterId) => catchUp(channel, afterId),
      reload: () => onReset(),
      onError: (error) => console.warn(`[realtime] ${channel}:`, error),
    });
    sequencerRef.current = sequencer;

    const { channel: subscription, release } = holdChannel(client, channel);
    // Every event goes to the sequencer, which keeps only the server's
    // (pusher-js's own and subscribers' `client-*` events are not).
    const onMessage = (name: string, data: unknown) => sequencer.receive(name, data);
    // pusher-js subscribes again after every reconnect; events sent while the
    // socket was down are gone, so each subscription starts with a catch-up.
    const onSubscribed = () => sequencer.resync();
    const onRefused = (status: unknown) => console.warn(`[realtime] cannot subscribe to ${channel}:`, status);
    subscription.bind_global(onMessage);
    subscription.bind("pusher:subscription_succeeded", onSubscribed);
    subscription.bind("pusher:subscription_error", onRefused);
    if (subscription.subscribed) sequencer.resync();
    const stopWaking = onWake(() => sequencer.resync());

    return () => {
      stopWaking();
      subscription.unbind_global(onMessage);
      subscription.unbind("pusher:subscription_succeeded", onSubscribed);
      subscription.unbind("pusher:subscription_error", onRefused);
      release();
      sequencer.dispose();
      sequencerRef.current = null;
    };
  }, [client, channel, loaded, catchUp, onWake]);
}
