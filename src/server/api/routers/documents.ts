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
  list: authedProcedure.query(({ ctx }) => listDocuments({ userId: ctx.user.id })),

  get: authedProcedure.input(documentIdInput).query(({ ctx, input }) => getDocument({ userId: ctx.user.id, ...input })),

  create: authedProcedure
    .input(createDocumentInput)
    .mutation(({ ctx, input }) => createDocument({ userId: ctx.user.id, ...input })),

  share: authedProcedure
    .input(shareDocumentInput)
    .mutation(({ ctx, input }) => shareDocument({ userId: ctx.user.id, ...input })),

  /** One edit, made on `baseVersion`; resending the same (clientId, clientSeq) is safe. */
  submit: authedProcedure
    .input(submitOperationInput)
    .use(rateLimited(contentLimits.documentEdits))
    .mutation(({ ctx, input }) => submitOperation({ user: { id: ctx.user.id, name: ctx.user.name }, ...input })),

  operationsSince: authedProcedure
    .input(operationsSinceInput)
    .query(({ ctx, input }) => operationsSince({ userId: ctx.user.id, ...input })),

  history: authedProcedure.input(historyInput).query(({ ctx, input }) => listHistory({ userId: ctx.user.id, ...input })),

  restore: authedProcedure
    .input(restoreVersionInput)
    .mutation(({ ctx, input }) => restoreVersion({ user: { id: ctx.user.id, name: ctx.user.name }, ...input })),
});
