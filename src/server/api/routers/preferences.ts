import "server-only";
import { muteInput, quietHoursInput, setTypePreferenceInput, snoozeInput } from "@/lib/validation/preferences";
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
  get: authedProcedure.query(({ ctx }) => getNotificationSettings({ actor: ctx.user })),

  setType: authedProcedure
    .input(setTypePreferenceInput)
    .mutation(({ ctx, input }) => setTypePreference({ actor: ctx.user, ...input })),

  setQuietHours: authedProcedure.input(quietHoursInput).mutation(({ ctx, input }) => setQuietHours({ actor: ctx.user, ...input })),

  clearQuietHours: authedProcedure.mutation(({ ctx }) => clearQuietHours({ actor: ctx.user })),

  mutes: authedProcedure.query(({ ctx }) => listMutes({ actor: ctx.user })),

  muteStatus: authedProcedure.input(muteInput).query(({ ctx, input }) => isMuted({ actor: ctx.user, ...input })),

  mute: authedProcedure.input(muteInput).mutation(({ ctx, input }) => mute({ actor: ctx.user, ...input })),

  unmute: authedProcedure.input(muteInput).mutation(({ ctx, input }) => unmute({ actor: ctx.user, ...input })),

  snooze: authedProcedure
    .input(snoozeInput)
    .mutation(({ ctx, input }) => snoozeNotification({ actor: ctx.user, ...input })),
});
