// Who owns datasets and processes, for the channel rules of
// private-resource.<id>, private-workflow.<id> and private-process.<id>
// (their owners and admins; channel-access.ts).
import "server-only";
import { db } from "../db";

export async function datasetOwner(id: string): Promise<string | null> {
  return (await db.dataset.findUnique({ where: { id }, select: { ownerId: true } }))?.ownerId ?? null;
}

export async function processOwner(id: string): Promise<string | null> {
  return (await db.workflowProcess.findUnique({ where: { id }, select: { ownerId: true } }))?.ownerId ?? null;
}
