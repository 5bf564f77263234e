-- CreateEnum
CREATE TYPE "BulkReplayStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- AlterTable
ALTER TABLE "flow" ADD COLUMN     "quietAlertedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "flow_alert_settings" (
    "flowId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "onFailure" BOOLEAN NOT NULL DEFAULT true,
    "onQuiet" BOOLEAN NOT NULL DEFAULT false,
    "email" BOOLEAN NOT NULL DEFAULT true,
    "sealedUrls" TEXT,
    "keyId" TEXT,
    "slackHint" TEXT,
    "webhookHint" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "flow_alert_settings_pkey" PRIMARY KEY ("flowId")
);

-- CreateTable
CREATE TABLE "bulk_replay" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "runIds" UUID[],
    "filter" JSONB,
    "fromFailedStep" BOOLEAN NOT NULL DEFAULT false,
    "status" "BulkReplayStatus" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL,
    "replayed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "skipReasons" JSONB NOT NULL DEFAULT '{}',
    "cursor" UUID,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "bulk_replay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "flow_alert_settings_workspaceId_idx" ON "flow_alert_settings"("workspaceId");

-- CreateIndex
CREATE INDEX "bulk_replay_workspaceId_id_idx" ON "bulk_replay"("workspaceId", "id");

-- AddForeignKey
ALTER TABLE "flow_alert_settings" ADD CONSTRAINT "flow_alert_settings_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_replay" ADD CONSTRAINT "bulk_replay_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
