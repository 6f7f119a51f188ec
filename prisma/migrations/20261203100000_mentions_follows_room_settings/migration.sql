-- CreateTable
CREATE TABLE "PostFollow" (
    "postId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "following" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostFollow_pkey" PRIMARY KEY ("postId","userId")
);

-- CreateTable
CREATE TABLE "RoomNotificationSetting" (
    "roomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "level" TEXT NOT NULL,

    CONSTRAINT "RoomNotificationSetting_pkey" PRIMARY KEY ("roomId","userId")
);

-- CreateIndex
CREATE INDEX "PostFollow_userId_idx" ON "PostFollow"("userId");

-- CreateIndex
CREATE INDEX "RoomNotificationSetting_userId_idx" ON "RoomNotificationSetting"("userId");

-- AddForeignKey
ALTER TABLE "PostFollow" ADD CONSTRAINT "PostFollow_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostFollow" ADD CONSTRAINT "PostFollow_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomNotificationSetting" ADD CONSTRAINT "RoomNotificationSetting_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomNotificationSetting" ADD CONSTRAINT "RoomNotificationSetting_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

