import "server-only";
import { accessTokensRouter } from "./routers/access-tokens";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { dashboardRouter } from "./routers/dashboard";
import { documentsRouter } from "./routers/documents";
import { notificationsRouter } from "./routers/notifications";
import { peopleRouter } from "./routers/people";
import { postsRouter } from "./routers/posts";
import { preferencesRouter } from "./routers/preferences";
import { pushRouter } from "./routers/push";
import { reactionsRouter } from "./routers/reactions";
import { realtimeRouter } from "./routers/realtime";
import { systemRouter } from "./routers/system";
import { teamsRouter } from "./routers/teams";
import { roomsRouter } from "./routers/rooms";
import { importsRouter } from "./routers/imports";
import { invitationsRouter } from "./routers/invitations";
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
  people: peopleRouter,
  posts: postsRouter,
  preferences: preferencesRouter,
  push: pushRouter,
  reactions: reactionsRouter,
  realtime: realtimeRouter,
  system: systemRouter,
  teams: teamsRouter,
  rooms: roomsRouter,
  imports: importsRouter,
  invitations: invitationsRouter,
  uploads: uploadsRouter,
  conversations: conversationsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
