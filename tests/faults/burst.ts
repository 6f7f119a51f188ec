// The load every fault test runs under: notifications written through the
// app's own service (notify: the row and its event in one transaction), by a
// few concurrent writers, round-robin over the recipients. A write the fault
// breaks is counted and written again as a new notification; what counts as
// committed is decided later by the database, not by the writers' answers
// (a COMMIT can succeed on the server while its answer is lost).
import { notify } from "@/server/notifications/notify";

export type BurstOptions = {
  /** Used in the titles, so that a run's notifications are told apart. */
  label: string;
  recipients: readonly { id: string }[];
  /** Successful writes to make. */
  total: number;
  concurrency?: number;
  /** Writers wait at this many successes until `until` settles (a fault that must happen first). */
  holdAt?: { count: number; until: Promise<unknown> };
};

export class Burst {
  /** Writes that answered success. */
  succeeded = 0;
  /** Writes that threw (the fault's doing), each retried as a new notification. */
  failed = 0;
  private started = 0;
  private finished = 0;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly options: BurstOptions) {}

  /** Writes until `total` succeeded; throws if writes keep failing (the app never recovered). */
  async run(): Promise<void> {
    const { total, concurrency = 4 } = this.options;
    await Promise.all(Array.from({ length: concurrency }, () => this.writer(total)));
  }

  /** Resolves once `count` writes succeeded. */
  reached(count: number): Promise<void> {
    if (this.succeeded >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private async writer(total: number): Promise<void> {
    const { recipients, label, holdAt } = this.options;
    while (this.succeeded + this.inFlight() < total) {
      if (holdAt && this.succeeded + this.inFlight() >= holdAt.count) await holdAt.until;
      const index = this.started++;
      try {
        await notify({ recipientId: recipients[index % recipients.length]!.id, type: "system.test", title: `${label} ${index}` });
        this.succeeded++;
        for (const waiter of this.waiters.filter((w) => this.succeeded >= w.count)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      } catch {
        this.failed++;
        // A pool that never comes back would otherwise spin here for good.
        if (this.failed > total) throw new Error(`${label}: ${this.failed} writes failed; the app does not recover`);
        await new Promise((r) => setTimeout(r, 20));
      } finally {
        this.finished++;
      }
    }
  }

  private inFlight(): number {
    return this.started - this.finished;
  }
}
