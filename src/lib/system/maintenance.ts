// Maintenance windows as the browser keeps them: applying the system
// channel's events, and which windows are on at a given (server) time.
import type { EventEnvelope, MaintenanceWindowView } from "@/lib/events";

export type MaintenanceState = { windows: MaintenanceWindowView[]; head: number; serverNow: string };

export function maintenanceWithEvent(state: MaintenanceState, event: EventEnvelope): MaintenanceState {
  switch (event.type) {
    case "maintenance.scheduled": {
      const others = state.windows.filter((w) => w.id !== event.data.window.id);
      const windows = [...others, event.data.window].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
      return { ...state, windows };
    }
    case "maintenance.cancelled":
      return { ...state, windows: state.windows.filter((w) => w.id !== event.data.id) };
    default:
      return state;
  }
}

export function activeWindows(windows: readonly MaintenanceWindowView[], now: number): MaintenanceWindowView[] {
  return windows.filter((w) => Date.parse(w.startsAt) <= now && now < Date.parse(w.endsAt));
}

/** The next moment something starts or ends after `now`, or null. */
export function nextBoundary(windows: readonly MaintenanceWindowView[], now: number): number | null {
  const upcoming = windows
    .flatMap((w) => [Date.parse(w.startsAt), Date.parse(w.endsAt)])
    .filter((t) => t > now);
  return upcoming.length ? Math.min(...upcoming) : null;
}
