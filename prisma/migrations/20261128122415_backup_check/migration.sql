-- CreateTable
CREATE TABLE "seen_item" (
    "flowId" UUID NOT NULL,
    "itemId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "eventId" UUID,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seen_item_pkey" PRIMARY KEY ("flowId","itemId")
);

-- CreateTable
CREATE TABLE "backup_check" (
    "flowId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "everyMs" INTEGER NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "baselinePending" BOOLEAN NOT NULL DEFAULT true,
    "sinceValue" TEXT,
    "pollToken" TEXT,
    "pollUntil" TIMESTAMP(3),
    "lastPollAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastPollError" TEXT,
    "failingSince" TIMESTAMP(3),
    "lastCaughtAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "backup_check_pkey" PRIMARY KEY ("flowId")
);

-- CreateIndex
CREATE INDEX "seen_item_flowId_source_firstSeenAt_idx" ON "seen_item"("flowId", "source", "firstSeenAt");

-- CreateIndex
CREATE INDEX "backup_check_workspaceId_idx" ON "backup_check"("workspaceId");

-- AddForeignKey
ALTER TABLE "seen_item" ADD CONSTRAINT "seen_item_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backup_check" ADD CONSTRAINT "backup_check_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
