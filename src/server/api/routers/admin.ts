import { deadLetterIdInput } from "@/lib/validation/dead-letters";
import { auditLogInput, maintenanceIdInput, scheduleMaintenanceInput } from "@/lib/validation/maintenance";
import { previewAnnouncementInput, sendAnnouncementInput } from "@/lib/validation/notifications";
import { searchUsersInput } from "@/lib/validation/people";
import { listAudit } from "../../admin/audit";
import { listDeadLetters, resolveDeadLetter } from "../../admin/dead-letters";
import { searchUsers } from "../../admin/search-users";
import { previewAudience } from "../../broadcasts/audience";
import { sendAnnouncement } from "../../broadcasts/send-announcement";
import { cancelMaintenance, scheduleMaintenance } from "../../system/maintenance";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const adminRouter = createTRPCRouter({
  scheduleMaintenance: adminProcedure
    .input(scheduleMaintenanceInput)
    .mutation(({ ctx, input }) => scheduleMaintenance(ctx.user.id, input)),

  cancelMaintenance: adminProcedure
    .input(maintenanceIdInput)
    .mutation(({ ctx, input }) => cancelMaintenance(ctx.user.id, input.id)),

  /** How many people an audience reaches, and a few of their names. */
  previewAnnouncement: adminProcedure.input(previewAnnouncementInput).query(({ input }) => previewAudience(input.audience)),

  sendAnnouncement: adminProcedure
    .input(sendAnnouncementInput)
    .mutation(({ ctx, input }) => sendAnnouncement(ctx.user.id, input)),

  /** The console's people picker (announcements to chosen people, team members). */
  searchUsers: adminProcedure.input(searchUsersInput).query(({ input }) => searchUsers(input.query)),

  auditLog: adminProcedure.input(auditLogInput).query(({ input }) => listAudit(input)),

  /** Events the realtime server kept refusing, set aside (README, "Refused events and dead letters"). */
  deadLetters: adminProcedure.query(() => listDeadLetters()),

  resolveDeadLetter: adminProcedure
    .input(deadLetterIdInput)
    .mutation(({ ctx, input }) => resolveDeadLetter({ adminId: ctx.user.id, id: input.id, resolution: "RESOLVED" })),

  /** Sends the event again, as its channel's newest (after fixing what made the server refuse it). */
  retryDeadLetter: adminProcedure
    .input(deadLetterIdInput)
    .mutation(({ ctx, input }) => resolveDeadLetter({ adminId: ctx.user.id, id: input.id, resolution: "RETRIED" })),
});
