import { accountRouter } from "./routers/account";
import { dashboardRouter } from "./routers/dashboard";
import { importsRouter } from "./routers/imports";
import { notificationsRouter } from "./routers/notifications";
import { postsRouter } from "./routers/posts";
import { realtimeRouter } from "./routers/realtime";
import { uploadsRouter } from "./routers/uploads";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  dashboard: dashboardRouter,
  imports: importsRouter,
  notifications: notificationsRouter,
  posts: postsRouter,
  realtime: realtimeRouter,
  uploads: uploadsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
