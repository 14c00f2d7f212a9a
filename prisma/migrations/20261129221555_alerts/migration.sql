-- CreateEnum
CREATE TYPE "AlertIntegrationKind" AS ENUM ('SNS', 'EVENTBRIDGE', 'ALERTMANAGER', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('FIRING', 'RESOLVED');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('CRITICAL', 'WARNING', 'INFO');

-- CreateEnum
CREATE TYPE "AlertPayloadOutcome" AS ENUM ('ACCEPTED', 'REFUSED', 'DUPLICATE');

-- CreateTable
CREATE TABLE "AlertIntegration" (
    "id" UUID NOT NULL,
    "kind" "AlertIntegrationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT,
    "topicArns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotatedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "refusedCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AlertIntegration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "serviceId" UUID,
    "severity" "AlertSeverity" NOT NULL,
    "state" "AlertState" NOT NULL,
    "title" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT 'other',
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "count" INTEGER NOT NULL DEFAULT 1,
    "incidentId" UUID,
    "declareKey" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedById" UUID,
    "silencedUntil" TIMESTAMP(3),
    "silenceReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertPayload" (
    "id" SERIAL NOT NULL,
    "integrationId" UUID NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "body" TEXT NOT NULL,
    "outcome" "AlertPayloadOutcome" NOT NULL,
    "reason" TEXT,
    "messageId" TEXT,
    "alertId" UUID,

    CONSTRAINT "AlertPayload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertIntegration_name_key" ON "AlertIntegration"("name");

-- CreateIndex
CREATE UNIQUE INDEX "AlertIntegration_tokenHash_key" ON "AlertIntegration"("tokenHash");

-- CreateIndex
CREATE INDEX "Alert_serviceId_state_idx" ON "Alert"("serviceId", "state");

-- CreateIndex
CREATE INDEX "Alert_incidentId_idx" ON "Alert"("incidentId");

-- CreateIndex
CREATE INDEX "Alert_declareKey_idx" ON "Alert"("declareKey");

-- CreateIndex
CREATE INDEX "Alert_state_lastSeenAt_idx" ON "Alert"("state", "lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_source_fingerprint_key" ON "Alert"("source", "fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "AlertPayload_messageId_key" ON "AlertPayload"("messageId");

-- CreateIndex
CREATE INDEX "AlertPayload_integrationId_id_idx" ON "AlertPayload"("integrationId", "id");

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertPayload" ADD CONSTRAINT "AlertPayload_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "AlertIntegration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
