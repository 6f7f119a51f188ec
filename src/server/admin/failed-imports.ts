// The admins' list of failed imports: loaded here, then kept live by the
// `import.failed` events the workflow appends to `private-admin` when a run
// fails (src/server/imports/process-state.ts).
import "server-only";
import { db } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { channelHead } from "../realtime/outbox";
import { toFailedImportView } from "../imports/process-view";

/** The most the admin page lists: the newest failures are the ones to look into. */
const LIST_LIMIT = 20;

/** The newest failed runs, newest first, and the `private-admin` event id the list includes. */
export async function listFailedImports() {
  // The head first: every failure whose event is at or below it committed before the rows are read.
  const head = await channelHead(db, channels.admin());
  const rows = await db.workflowProcess.findMany({
    where: { status: "FAILED" },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    take: LIST_LIMIT,
    select: {
      id: true,
      datasetId: true,
      error: true,
      finishedAt: true,
      dataset: { select: { name: true } },
      owner: { select: { id: true, name: true } },
    },
  });
  return { head, items: rows.map(toFailedImportView) };
}
