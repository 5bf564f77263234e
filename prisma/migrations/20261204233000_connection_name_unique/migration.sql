-- One connection name per workspace, ignoring case (lib/connections/connection-name-free.ts
-- checks it first for a friendly error, and this index decides when two writes race).
-- The Prisma schema language cannot state an index on lower("name"), so this migration is
-- written by hand, and schema.prisma names it in a comment on the Connection model.

-- Names that already collide (written by such a race) keep the oldest as it is and get
-- a suffix from their own id, so the index can be built.
UPDATE "connection" AS c
SET "name" = c."name" || ' (' || right(c."id"::text, 12) || ')'
FROM (
  SELECT "id", row_number() OVER (PARTITION BY "workspaceId", lower("name") ORDER BY "createdAt", "id") AS n
  FROM "connection"
) AS d
WHERE c."id" = d."id" AND d.n > 1;

-- CreateIndex
CREATE UNIQUE INDEX "connection_workspaceId_lower_name_key" ON "connection"("workspaceId", lower("name"));
