-- CreateIndex
CREATE INDEX "run_replayOfId_idx" ON "run"("replayOfId");
