-- CreateEnum
CREATE TYPE "InvitationStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED');

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "actionResult" TEXT,
ADD COLUMN     "subjectId" TEXT,
ADD COLUMN     "subjectKind" TEXT;

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "roomId" TEXT,
    "documentId" TEXT,
    "inviteeId" TEXT NOT NULL,
    "inviterId" TEXT,
    "role" "DocumentRole",
    "status" "InvitationStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Invitation_roomId_status_idx" ON "Invitation"("roomId", "status");

-- CreateIndex
CREATE INDEX "Invitation_documentId_status_idx" ON "Invitation"("documentId", "status");

-- CreateIndex
CREATE INDEX "Invitation_inviteeId_idx" ON "Invitation"("inviteeId");

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_inviteeId_fkey" FOREIGN KEY ("inviteeId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_inviterId_fkey" FOREIGN KEY ("inviterId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- One pending invitation per person and room or document (asking again while it waits changes nothing)
CREATE UNIQUE INDEX "Invitation_pending_room_key" ON "Invitation"("roomId", "inviteeId") WHERE "status" = 'PENDING' AND "roomId" IS NOT NULL;

CREATE UNIQUE INDEX "Invitation_pending_document_key" ON "Invitation"("documentId", "inviteeId") WHERE "status" = 'PENDING' AND "documentId" IS NOT NULL;
