-- AlterTable
ALTER TABLE "event" ADD COLUMN     "editedFromId" UUID;

-- Run search (GET /api/v1/runs?search=) is a case-insensitive substring match
-- on the event body's text: ILIKE '%term%' on (body::text). A trigram GIN index
-- on that same expression lets PostgreSQL answer it without reading every
-- event. Written by hand: Prisma's schema cannot express an expression index
-- or an operator class from an extension. pg_trgm is a trusted extension
-- (PostgreSQL 13+), so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "event_body_text_trgm_idx" ON "event" USING gin (("body"::text) gin_trgm_ops);
