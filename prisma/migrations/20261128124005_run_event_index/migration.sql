-- CreateIndex
CREATE INDEX "run_eventId_idx" ON "run"("eventId");
