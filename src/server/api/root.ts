import { accountRouter } from "./routers/account";
import { dashboardRouter } from "./routers/dashboard";
import { documentsRouter } from "./routers/documents";
import { notificationsRouter } from "./routers/notifications";
import { postsRouter } from "./routers/posts";
import { realtimeRouter } from "./routers/realtime";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  dashboard: dashboardRouter,
  documents: documentsRouter,
  notifications: notificationsRouter,
  posts: postsRouter,
  realtime: realtimeRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
