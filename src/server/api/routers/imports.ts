import "server-only";
import { datasetIdInput, processIdInput, startImportInput } from "@/lib/validation/imports";
import { getDataset, getProcess, latestDatasetSummary, listDatasets, listPendingUploads } from "../../imports/read-imports";
import { cancelImport, startImport } from "../../imports/start-import";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const importsRouter = createTRPCRouter({
  start: authedProcedure
    .input(startImportInput)
    .mutation(({ ctx, input }) => startImport({ actor: ctx.user, ...input })),

  cancel: authedProcedure
    .input(processIdInput)
    .mutation(({ ctx, input }) => cancelImport({ actor: ctx.user, ...input })),

  process: authedProcedure.input(processIdInput).query(({ ctx, input }) => getProcess({ actor: ctx.user, ...input })),

  datasets: authedProcedure.query(({ ctx }) => listDatasets({ actor: ctx.user })),

  pendingUploads: authedProcedure.query(({ ctx }) => listPendingUploads({ actor: ctx.user })),

  latestSummary: authedProcedure.query(({ ctx }) => latestDatasetSummary({ actor: ctx.user })),

  dataset: authedProcedure.input(datasetIdInput).query(({ ctx, input }) => getDataset({ actor: ctx.user, ...input })),
});
