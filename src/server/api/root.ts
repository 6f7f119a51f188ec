import { accessTokensRouter } from "./routers/access-tokens";
import { accountRouter } from "./routers/account";
import { dashboardRouter } from "./routers/dashboard";
import { notificationsRouter } from "./routers/notifications";
import { postsRouter } from "./routers/posts";
import { pushRouter } from "./routers/push";
import { realtimeRouter } from "./routers/realtime";
import { roomsRouter } from "./routers/rooms";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  accessTokens: accessTokensRouter,
  account: accountRouter,
  dashboard: dashboardRouter,
  notifications: notificationsRouter,
  posts: postsRouter,
  push: pushRouter,
  realtime: realtimeRouter,
  rooms: roomsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
