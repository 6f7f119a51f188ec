// The unread count on the installed app's icon (the Badging API). Browsers
// without it (Firefox, a tab that is not an installed app on some platforms)
// simply show no badge: feature-detected, and a refusal never surfaces.

/** Shows `count` on the app icon, or clears the badge at 0. */
export function showAppBadge(count: number): void {
  if (typeof navigator === "undefined") return;
  // Older lib.dom typings and browsers alike may lack these: check at run time.
  const nav = navigator as Partial<Pick<Navigator, "setAppBadge" | "clearAppBadge">>;
  const call = count > 0 ? nav.setAppBadge?.call(navigator, count) : nav.clearAppBadge?.call(navigator);
  void call?.catch(() => undefined);
}
