// Registers who owns datasets and processes with the channel rules
// (channels.ts cannot import the database: the browser bundles it).
import { db } from "../db";
import { registerAccessChecks } from "../realtime/channels";

registerAccessChecks({
  datasetOwner: async (id) => (await db.dataset.findUnique({ where: { id }, select: { ownerId: true } }))?.ownerId ?? null,
  processOwner: async (id) =>
    (await db.workflowProcess.findUnique({ where: { id }, select: { ownerId: true } }))?.ownerId ?? null,
});
