-- CreateEnum
CREATE TYPE "RemediationKind" AS ENUM ('FORCE_NEW_DEPLOYMENT', 'SCALE', 'ROLLBACK', 'RAISE_MEMORY');

-- CreateEnum
CREATE TYPE "RemediationStatus" AS ENUM ('PENDING_APPROVAL', 'APPROVED', 'EXECUTING', 'SUCCEEDED', 'FAILED', 'REJECTED', 'EXPIRED');

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "completionHash" TEXT,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "serviceId" UUID;

-- CreateTable
CREATE TABLE "RemediationRequest" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "serviceId" UUID NOT NULL,
    "incidentId" UUID,
    "kind" "RemediationKind" NOT NULL,
    "params" JSONB NOT NULL,
    "preview" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requesterId" UUID NOT NULL,
    "status" "RemediationStatus" NOT NULL,
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "approverId" UUID,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "expiresAt" TIMESTAMP(3),
    "cooldownOverride" TEXT,
    "before" JSONB,
    "after" JSONB,
    "awsRequestId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "executedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RemediationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RemediationRequest_idempotencyKey_key" ON "RemediationRequest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "RemediationRequest_serviceId_createdAt_idx" ON "RemediationRequest"("serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "RemediationRequest_status_createdAt_idx" ON "RemediationRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "RemediationRequest_incidentId_idx" ON "RemediationRequest"("incidentId");

-- CreateIndex
CREATE INDEX "AuditEvent_serviceId_at_idx" ON "AuditEvent"("serviceId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_incidentId_at_idx" ON "AuditEvent"("incidentId", "at");

-- AddForeignKey
ALTER TABLE "RemediationRequest" ADD CONSTRAINT "RemediationRequest_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationRequest" ADD CONSTRAINT "RemediationRequest_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationRequest" ADD CONSTRAINT "RemediationRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationRequest" ADD CONSTRAINT "RemediationRequest_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
