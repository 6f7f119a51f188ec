import "server-only";
import type { OpenApiMeta } from "trpc-to-openapi";
import {
  adminRestErrors,
  announcementPageOutput,
  auditPageOutput,
  cancelledMaintenanceOutput,
  maintenanceListOutput,
  personOutput,
  roleChangeOutput,
  sentAnnouncementOutput,
} from "@/lib/validation/api-outputs";
import { deadLetterIdInput } from "@/lib/validation/dead-letters";
import { maintenanceWindowView } from "@/lib/events";
import { auditLogInput, maintenanceIdInput, scheduleMaintenanceInput } from "@/lib/validation/maintenance";
import { listAnnouncementsInput, previewAnnouncementInput, sendAnnouncementInput } from "@/lib/validation/notifications";
import { changeRoleInput, searchUsersInput } from "@/lib/validation/people";
import { listAudit } from "../../audit";
import { changeRole } from "../../admin/change-role";
import { listDeadLetters, resolveDeadLetter } from "../../admin/dead-letters";
import { listFailedImports } from "../../admin/failed-imports";
import { searchUsers } from "../../admin/search-users";
import { previewAudience } from "../../broadcasts/audience";
import { listAnnouncements } from "../../broadcasts/list-announcements";
import { sendAnnouncement } from "../../broadcasts/send-announcement";
import { cancelMaintenance, currentMaintenance, scheduleMaintenance } from "../../system/maintenance";
import { adminProcedure, createTRPCRouter } from "../trpc";

// REST (/api/v1/admin/…) needs an admin's token with the `admin` scope: adminProcedure checks both.
const rest = (method: "GET" | "POST" | "PUT" | "DELETE", path: `/${string}`, summary: string): OpenApiMeta => ({
  openapi: { method, path: `/admin${path}`, tags: ["admin"], summary, protect: true, errorResponses: adminRestErrors },
});

export const adminRouter = createTRPCRouter({
  maintenance: adminProcedure
    .meta(rest("GET", "/maintenance", "Maintenance windows that have not ended, soonest first"))
    .output(maintenanceListOutput)
    .query(() => currentMaintenance()),

  scheduleMaintenance: adminProcedure
    .meta(rest("POST", "/maintenance", "Schedule a maintenance window (every open page shows it from its start to its end)"))
    .input(scheduleMaintenanceInput)
    .output(maintenanceWindowView)
    .mutation(({ ctx, input }) => scheduleMaintenance({ actor: ctx.user, ...input })),

  cancelMaintenance: adminProcedure
    .meta(rest("DELETE", "/maintenance/{id}", "Cancel a maintenance window"))
    .input(maintenanceIdInput)
    .output(cancelledMaintenanceOutput)
    .mutation(({ ctx, input }) => cancelMaintenance({ actor: ctx.user, ...input })),

  /** How many people an audience reaches, and a few of their names. */
  previewAnnouncement: adminProcedure.input(previewAnnouncementInput).query(({ input }) => previewAudience(input)),

  sendAnnouncement: adminProcedure
    .meta(rest("POST", "/announcements", "Send an announcement to everyone, a role, a team or chosen people"))
    .input(sendAnnouncementInput)
    .output(sentAnnouncementOutput)
    .mutation(({ ctx, input }) => sendAnnouncement({ actor: ctx.user, ...input })),

  /** Sent announcements, newest first, each with "read by N of M". */
  announcements: adminProcedure
    .meta(rest("GET", "/announcements", "Announcements sent to everyone, a role or a team, newest first, with how many people each reached and how many read it"))
    .input(listAnnouncementsInput)
    .output(announcementPageOutput)
    .query(({ input }) => listAnnouncements(input)),

  /** The console's people picker (announcements to chosen people, team members, roles). */
  searchUsers: adminProcedure
    .meta(rest("GET", "/people", "Find people by name or email"))
    .input(searchUsersInput)
    .output(personOutput.array())
    .query(({ input }) => searchUsers(input)),

  changeRole: adminProcedure
    .meta(rest("PUT", "/people/{userId}/role", "Change a person's role (USER or ADMIN); the last admin cannot be made a user"))
    .input(changeRoleInput)
    .output(roleChangeOutput)
    .mutation(({ ctx, input }) => changeRole({ actor: ctx.user, ...input })),

  auditLog: adminProcedure
    .meta(rest("GET", "/audit-log", "Every admin action, newest first"))
    .input(auditLogInput)
    .output(auditPageOutput)
    .query(({ input }) => listAudit(input)),

  /** The newest failed import runs; `import.failed` on `private-admin` keeps the list live. */
  failedImports: adminProcedure.query(() => listFailedImports()),

  /** Events the realtime server kept refusing, set aside (realtime/dead-letter.ts). */
  deadLetters: adminProcedure.query(() => listDeadLetters()),

  resolveDeadLetter: adminProcedure
    .input(deadLetterIdInput)
    .mutation(({ ctx, input }) => resolveDeadLetter({ actor: ctx.user, ...input, resolution: "RESOLVED" })),

  /** Sends the event again, as its channel's newest (after fixing what made the server refuse it). */
  retryDeadLetter: adminProcedure
    .input(deadLetterIdInput)
    .mutation(({ ctx, input }) => resolveDeadLetter({ actor: ctx.user, ...input, resolution: "RETRIED" })),
});
