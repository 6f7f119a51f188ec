"use client";
// "Mute this thread" / "Mute room": a toggle button (aria-pressed) that
// stops that post's or room's notifications until unmuted. Muted ones are
// listed, and can be unmuted, on the notification settings page.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "./preferences.css";

export function MuteToggle(props: { kind: "room" | "post" | "conversation"; targetId: string; label: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const target = { kind: props.kind, targetId: props.targetId };
  const status = useQuery(trpc.preferences.muteStatus.queryOptions(target));
  const settle = (data: { muted: boolean }) => {
    queryClient.setQueryData(trpc.preferences.muteStatus.queryKey(target), { ...target, muted: data.muted });
    void queryClient.invalidateQueries({ queryKey: trpc.preferences.mutes.queryKey() });
  };
  const mute = useMutation(trpc.preferences.mute.mutationOptions({ onSuccess: settle }));
  const unmute = useMutation(trpc.preferences.unmute.mutationOptions({ onSuccess: settle }));
  const pending = mute.isPending || unmute.isPending;
  const failed = mute.error ?? unmute.error;
  const what = props.kind === "room" ? "room" : props.kind === "conversation" ? "conversation" : "thread";

  if (status.isPending) return <span className="muted mute-toggle">Checking notifications…</span>;
  if (status.isError) {
    return (
      <span className="mute-toggle field-error" role="alert">
        Could not check whether this {what} is muted. {errorMessage(status.error)}
      </span>
    );
  }
  const muted = status.data.muted;
  return (
    <span className="mute-toggle">
      <button
        type="button"
        className="button button-small"
        aria-pressed={muted}
        disabled={pending}
        onClick={() => (muted ? unmute : mute).mutate(target)}
      >
        {pending ? (muted ? "Unmuting…" : "Muting…") : props.label}
      </button>
      <span className="muted" role="status">
        {muted ? `Muted: you get no notifications about this ${what}.` : ""}
      </span>
      {failed && (
        <span className="field-error" role="alert">
          {errorMessage(failed)}
        </span>
      )}
    </span>
  );
}
