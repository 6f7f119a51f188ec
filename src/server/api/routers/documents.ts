import "server-only";
import {
  createDocumentInput,
  documentIdInput,
  historyInput,
  operationsSinceInput,
  restoreVersionInput,
  shareDocumentInput,
  submitOperationInput,
} from "@/lib/validation/documents";
import { createDocument, getDocument, listDocuments, shareDocument } from "../../documents/documents";
import { listHistory, restoreVersion } from "../../documents/history";
import { operationsSince, submitOperation } from "../../documents/operations";
import { contentLimits } from "../../content-limits";
import { authedProcedure, createTRPCRouter, rateLimited } from "../trpc";

export const documentsRouter = createTRPCRouter({
  list: authedProcedure.query(({ ctx }) => listDocuments({ actor: ctx.user })),

  get: authedProcedure.input(documentIdInput).query(({ ctx, input }) => getDocument({ actor: ctx.user, ...input })),

  create: authedProcedure
    .input(createDocumentInput)
    .mutation(({ ctx, input }) => createDocument({ actor: ctx.user, ...input })),

  share: authedProcedure
    .input(shareDocumentInput)
    .mutation(({ ctx, input }) => shareDocument({ actor: ctx.user, ...input })),

  /** One edit, made on `baseVersion`; resending the same (clientId, clientSeq) is safe. */
  submit: authedProcedure
    .input(submitOperationInput)
    .use(rateLimited(contentLimits.documentEdits))
    .mutation(({ ctx, input }) => submitOperation({ actor: ctx.user, ...input })),

  operationsSince: authedProcedure
    .input(operationsSinceInput)
    .query(({ ctx, input }) => operationsSince({ actor: ctx.user, ...input })),

  history: authedProcedure.input(historyInput).query(({ ctx, input }) => listHistory({ actor: ctx.user, ...input })),

  restore: authedProcedure
    .input(restoreVersionInput)
    .mutation(({ ctx, input }) => restoreVersion({ actor: ctx.user, ...input })),
});
