// What a running step may do between batches: report progress (coalesced
// to one write per PROGRESS_INTERVAL_MS per process, the final value always
// sent by the step's completion) and check whether the owner cancelled.
import "server-only";
import type { Db } from "../db";
import { writeProgress } from "./process-state";

const PROGRESS_INTERVAL_MS = 400;
const CANCEL_CHECK_MS = 250;

export class Cancelled extends Error {
  constructor() {
    super("Cancelled");
    this.name = "Cancelled";
  }
}

/** A failure a person can act on (a bad file); the message is shown as is. */
export class ImportProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportProblem";
  }
}

export class RunContext {
  private lastProgressAt = 0;
  private lastCancelCheckAt = Date.now();

  constructor(
    readonly db: Db,
    readonly processId: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records progress unless one was written less than the interval ago. */
  async progress(position: number, done: number, total: number | null): Promise<void> {
    const now = this.clock();
    if (now - this.lastProgressAt >= PROGRESS_INTERVAL_MS) {
      this.lastProgressAt = now;
      await writeProgress(this.db, this.processId, position, done, total);
    }
    await this.checkpoint();
  }

  /** Throws Cancelled once the owner asked to cancel (checked at most every 250 ms). */
  async checkpoint(force = false): Promise<void> {
    const now = this.clock();
    if (!force && now - this.lastCancelCheckAt < CANCEL_CHECK_MS) return;
    this.lastCancelCheckAt = now;
    const row = await this.db.workflowProcess.findUnique({
      where: { id: this.processId },
      select: { cancelRequestedAt: true },
    });
    if (!row || row.cancelRequestedAt) throw new Cancelled();
  }

  /** A step's completion carries its final value and counts as a write, so the rate stays bounded across steps. */
  stepEnded(): void {
    this.lastProgressAt = this.clock();
  }
}
