import { auditLogInput, maintenanceIdInput, scheduleMaintenanceInput } from "@/lib/validation/maintenance";
import { listAudit } from "../../admin/audit";
import { cancelMaintenance, scheduleMaintenance } from "../../system/maintenance";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const adminRouter = createTRPCRouter({
  scheduleMaintenance: adminProcedure
    .input(scheduleMaintenanceInput)
    .mutation(({ ctx, input }) => scheduleMaintenance(ctx.user.id, input)),

  cancelMaintenance: adminProcedure
    .input(maintenanceIdInput)
    .mutation(({ ctx, input }) => cancelMaintenance(ctx.user.id, input.id)),

  auditLog: adminProcedure.input(auditLogInput).query(({ input }) => listAudit(input)),
});
