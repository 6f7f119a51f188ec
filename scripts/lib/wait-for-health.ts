// Polls the app's health route until it answers 200. The first answer in dev
// can take a minute (the route is compiled on first request), and a 503 names
// what is not ready yet, which is worth showing while waiting.
export type HealthReport = {
  status: "ok" | "degraded" | "down";
  database: { ok: boolean; error?: string };
  realtime: { ok: boolean; error?: string };
};

function problems(report: HealthReport): string {
  const down = (["database", "realtime"] as const).filter((part) => !report[part].ok);
  return down.map((part) => `${part}: ${report[part].error ?? "down"}`).join("; ");
}

export async function waitForHealth(
  url: string,
  options: { stillWaiting: (reason: string) => void; cancelled: () => boolean; reportEveryMs?: number },
): Promise<HealthReport | null> {
  const reportEveryMs = options.reportEveryMs ?? 15_000;
  let lastReason = "";
  let lastReportAt = Date.now();
  while (!options.cancelled()) {
    let reason: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(180_000) });
      const body = (await res.json().catch(() => null)) as HealthReport | null;
      if (res.status === 200 && body) return body;
      reason = body ? problems(body) : `HTTP ${res.status}`;
    } catch {
      reason = "the web server does not answer yet";
    }
    // Say why we still wait when the reason changes, or now and then.
    const now = Date.now();
    if (now - lastReportAt >= reportEveryMs || (reason !== lastReason && lastReason !== "")) {
      options.stillWaiting(reason);
      lastReportAt = now;
    }
    lastReason = reason;
    await new Promise((r) => setTimeout(r, 300));
  }
  return null;
}
