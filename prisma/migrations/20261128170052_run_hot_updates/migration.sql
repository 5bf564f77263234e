-- DropIndex
DROP INDEX "run_status_updatedAt_idx";

-- The run sweeper walks unfinished runs in id order: a partial index holds
-- only those. Neither it nor any other index has updatedAt or the lease, and
-- pages keep a fifth free, so the engine's writes during a run (lease,
-- updatedAt, next attempt) can be HOT updates that touch no index.
CREATE INDEX "run_unfinished_id_idx" ON "run"("id") WHERE "status" IN ('queued', 'running', 'waiting');
ALTER TABLE "run" SET (fillfactor = 80);
ALTER TABLE "step_run" SET (fillfactor = 80);
