-- AlterTable
ALTER TABLE "RemediationRequest" ADD COLUMN     "runbookRunId" UUID,
ADD COLUMN     "runbookStepId" TEXT;

-- CreateIndex
CREATE INDEX "RemediationRequest_runbookRunId_idx" ON "RemediationRequest"("runbookRunId");

-- AddForeignKey
ALTER TABLE "RemediationRequest" ADD CONSTRAINT "RemediationRequest_runbookRunId_fkey" FOREIGN KEY ("runbookRunId") REFERENCES "RunbookRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;
