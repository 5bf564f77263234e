-- AlterTable
ALTER TABLE "flow" ADD COLUMN     "failureAlertedAt" TIMESTAMP(3);
