-- CreateTable
CREATE TABLE "contact_activity" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "flowId" UUID NOT NULL,
    "nodeId" TEXT NOT NULL,
    "created" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_activity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_activity_contactId_createdAt_idx" ON "contact_activity"("contactId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "contact_activity_runId_nodeId_contactId_key" ON "contact_activity"("runId", "nodeId", "contactId");

-- AddForeignKey
ALTER TABLE "contact_activity" ADD CONSTRAINT "contact_activity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_activity" ADD CONSTRAINT "contact_activity_runId_fkey" FOREIGN KEY ("runId") REFERENCES "run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
