// "3 minutes ago" for recent moments, a date for older ones. A fixed locale:
// the interface is in English, and the server and the browser must agree.
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const dateOnly = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", year: "numeric" });
const full = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatRelativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const ago = now - then;
  if (ago < 45_000) return "just now"; // also absorbs small clock differences
  if (ago < HOUR) return relative.format(-Math.max(1, Math.round(ago / MINUTE)), "minute");
  if (ago < DAY) return relative.format(-Math.round(ago / HOUR), "hour");
  if (ago < 7 * DAY) return relative.format(-Math.round(ago / DAY), "day");
  return dateOnly.format(then);
}

/** The exact moment, for a tooltip. */
export function formatDateTime(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? "" : full.format(then);
}
