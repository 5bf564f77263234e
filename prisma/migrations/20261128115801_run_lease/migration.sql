-- AlterTable
ALTER TABLE "run" ADD COLUMN     "jobId" TEXT,
ADD COLUMN     "leaseToken" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "run_flowId_id_idx" ON "run"("flowId", "id");

-- CreateIndex
CREATE INDEX "run_workspaceId_id_idx" ON "run"("workspaceId", "id");
