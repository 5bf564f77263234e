-- AlterTable
ALTER TABLE "event" ADD COLUMN     "refusedCount" INTEGER;
