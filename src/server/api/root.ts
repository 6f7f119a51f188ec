import { accessTokensRouter } from "./routers/access-tokens";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { dashboardRouter } from "./routers/dashboard";
import { documentsRouter } from "./routers/documents";
import { notificationsRouter } from "./routers/notifications";
import { postsRouter } from "./routers/posts";
import { preferencesRouter } from "./routers/preferences";
import { pushRouter } from "./routers/push";
import { realtimeRouter } from "./routers/realtime";
import { systemRouter } from "./routers/system";
import { teamsRouter } from "./routers/teams";
import { roomsRouter } from "./routers/rooms";
import { importsRouter } from "./routers/imports";
import { uploadsRouter } from "./routers/uploads";
import { conversationsRouter } from "./routers/conversations";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  accessTokens: accessTokensRouter,
  account: accountRouter,
  admin: adminRouter,
  dashboard: dashboardRouter,
  documents: documentsRouter,
  notifications: notificationsRouter,
  posts: postsRouter,
  preferences: preferencesRouter,
  push: pushRouter,
  realtime: realtimeRouter,
  system: systemRouter,
  teams: teamsRouter,
  rooms: roomsRouter,
  imports: importsRouter,
  uploads: uploadsRouter,
  conversations: conversationsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
