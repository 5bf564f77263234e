-- DropIndex
DROP INDEX "event_status_queuedAt_idx";

-- CreateIndex
CREATE INDEX "event_status_queuedAt_id_idx" ON "event"("status", "queuedAt", "id");
