-- AlterTable
ALTER TABLE "connection" ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'ok',
ADD COLUMN     "statusMessage" TEXT;

-- CreateTable
CREATE TABLE "oauth_state" (
    "id" TEXT NOT NULL,
    "workspaceId" UUID NOT NULL,
    "userId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "connectionId" UUID,
    "returnTo" TEXT,
    "verifier" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "oauth_state_expiresAt_idx" ON "oauth_state"("expiresAt");

-- AddForeignKey
ALTER TABLE "oauth_state" ADD CONSTRAINT "oauth_state_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
