import "server-only";
import { muteInput, quietHoursInput, setTypePreferenceInput, snoozeInput } from "@/lib/validation/preferences";
import { db } from "../../db";
import {
  clearQuietHours,
  getNotificationSettings,
  setQuietHours,
  setTypePreference,
} from "../../notifications/notification-settings";
import { isMuted, listMutes, mute, unmute } from "../../mutes/mutes";
import { snoozeNotification } from "../../notifications/snooze";
import { authedProcedure, createTRPCRouter } from "../trpc";

// Notification preferences; sessions only (tokens cannot reach "preferences").
export const preferencesRouter = createTRPCRouter({
  get: authedProcedure.query(({ ctx }) => getNotificationSettings(ctx.user.id)),

  setType: authedProcedure
    .input(setTypePreferenceInput)
    .mutation(({ ctx, input }) => setTypePreference(ctx.user.id, input)),

  setQuietHours: authedProcedure.input(quietHoursInput).mutation(({ ctx, input }) => setQuietHours(ctx.user.id, input)),

  clearQuietHours: authedProcedure.mutation(({ ctx }) => clearQuietHours(ctx.user.id)),

  mutes: authedProcedure.query(({ ctx }) => listMutes(ctx.user.id)),

  muteStatus: authedProcedure.input(muteInput).query(({ ctx, input }) => isMuted(ctx.user.id, input)),

  mute: authedProcedure.input(muteInput).mutation(({ ctx, input }) => mute(ctx.user.id, input)),

  unmute: authedProcedure.input(muteInput).mutation(({ ctx, input }) => unmute(ctx.user.id, input)),

  snooze: authedProcedure
    .input(snoozeInput)
    .mutation(({ ctx, input }) => snoozeNotification(db, { userId: ctx.user.id, id: input.id, until: input.until })),
});
