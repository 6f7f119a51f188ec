import "server-only";
import { datasetIdInput, processIdInput, startImportInput } from "@/lib/validation/imports";
import { db } from "../../db";
import { AppError } from "../../errors";
import { getProcess, latestDatasetSummary, listDatasets, listPendingUploads } from "../../imports/read-imports";
import { cancelImport, startImport } from "../../imports/start-import";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const importsRouter = createTRPCRouter({
  start: authedProcedure
    .input(startImportInput)
    .mutation(({ ctx, input }) => startImport(db, { userId: ctx.user.id, ...input })),

  cancel: authedProcedure
    .input(processIdInput)
    .mutation(({ ctx, input }) => cancelImport(db, { userId: ctx.user.id, role: ctx.user.role, ...input })),

  process: authedProcedure.input(processIdInput).query(({ ctx, input }) => getProcess(db, ctx.user, input.processId)),

  datasets: authedProcedure.query(({ ctx }) => listDatasets(db, ctx.user.id)),

  pendingUploads: authedProcedure.query(({ ctx }) => listPendingUploads(db, ctx.user.id)),

  latestSummary: authedProcedure.query(({ ctx }) => latestDatasetSummary(db, ctx.user.id)),

  dataset: authedProcedure.input(datasetIdInput).query(async ({ ctx, input }) => {
    const d = (await listDatasets(db, ctx.user.id)).items.find((x) => x.id === input.datasetId);
    if (!d) throw new AppError("NOT_FOUND", "There is no such dataset.");
    return d;
  }),
});
