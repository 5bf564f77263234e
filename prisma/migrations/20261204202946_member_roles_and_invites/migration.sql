-- AlterEnum (hand-written: the generated cast had no mapping for "member").
-- No code ever created a "member" (should one exist, it becomes an editor).
-- Every existing membership is the owner of its workspace and stays so.
ALTER TYPE "MemberRole" RENAME VALUE 'member' TO 'editor';
ALTER TYPE "MemberRole" ADD VALUE 'viewer';

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "activeWorkspaceId" UUID;

-- CreateTable
CREATE TABLE "invite" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "acceptedById" TEXT,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "invite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invite_tokenHash_key" ON "invite"("tokenHash");

-- CreateIndex
CREATE INDEX "invite_workspaceId_createdAt_idx" ON "invite"("workspaceId", "createdAt");

-- AddForeignKey
ALTER TABLE "invite" ADD CONSTRAINT "invite_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite" ADD CONSTRAINT "invite_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
