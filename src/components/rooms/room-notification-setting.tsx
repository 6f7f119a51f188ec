"use client";
// "Notify me of": which of the room's messages notify the person while they
// are not in the room (every message, only mentions, nothing). Saved as soon
// as it is chosen. "Mute room" beside it silences the room whatever this says.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { roomNotificationLabels, roomNotificationLevels, type RoomNotificationLevel } from "@/lib/rooms/room-notifications";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function RoomNotificationSetting({ roomId }: { roomId: string }) {
  const trpc = useTRPC();
  const id = useId();
  const queryClient = useQueryClient();
  const key = trpc.rooms.notificationSetting.queryKey({ roomId });
  const setting = useQuery(trpc.rooms.notificationSetting.queryOptions({ roomId }));
  const save = useMutation(
    trpc.rooms.setNotificationSetting.mutationOptions({ onSuccess: (data) => queryClient.setQueryData(key, data) }),
  );

  if (setting.isPending) return <p className="muted">Checking your notification setting…</p>;
  if (setting.isError) {
    return (
      <p className="field-error" role="alert">
        Could not load your notification setting for this room. {errorMessage(setting.error)}
      </p>
    );
  }
  const current = save.isPending && save.variables ? save.variables.level : setting.data.level;
  return (
    <div className="field room-notify-setting">
      <label htmlFor={id}>When I am not in this room, notify me of</label>
      <select
        id={id}
        value={current}
        disabled={save.isPending}
        aria-describedby={`${id}-hint`}
        onChange={(e) => save.mutate({ roomId, level: e.target.value as RoomNotificationLevel })}
      >
        {roomNotificationLevels.map((level) => (
          <option key={level} value={level}>
            {roomNotificationLabels[level]}
            {level === setting.data.default ? " (default)" : ""}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field-hint" role="status">
        {save.isPending ? "Saving…" : save.isSuccess ? "Saved." : ""}
      </p>
      {save.isError && (
        <p className="field-error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </div>
  );
}
