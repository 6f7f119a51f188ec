-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN     "reached" INTEGER;

-- CreateIndex
CREATE INDEX "Notification_broadcastId_readAt_idx" ON "Notification"("broadcastId", "readAt");

