-- CreateTable
CREATE TABLE "send_log" (
    "sendKey" TEXT NOT NULL,
    "recipientHash" TEXT NOT NULL,
    "flowId" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "send_log_pkey" PRIMARY KEY ("sendKey","recipientHash")
);

-- CreateIndex
CREATE INDEX "send_log_flowId_channel_sentAt_idx" ON "send_log"("flowId", "channel", "sentAt");

-- AddForeignKey
ALTER TABLE "send_log" ADD CONSTRAINT "send_log_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
