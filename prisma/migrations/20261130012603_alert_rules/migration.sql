-- CreateEnum
CREATE TYPE "AlertRouteAction" AS ENUM ('DECLARE', 'INBOX');

-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "maintenanceWindowId" UUID;

-- CreateTable
CREATE TABLE "AlertServiceMapping" (
    "id" UUID NOT NULL,
    "pattern" TEXT NOT NULL,
    "serviceId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertServiceMapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRoute" (
    "id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "source" TEXT,
    "environment" "Environment",
    "serviceId" UUID,
    "namePattern" TEXT,
    "action" "AlertRouteAction" NOT NULL,
    "severity" "Severity",
    "runbookId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertRoute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaintenanceWindow" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaintenanceWindow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertServiceMapping_pattern_key" ON "AlertServiceMapping"("pattern");

-- CreateIndex
CREATE INDEX "AlertRoute_position_idx" ON "AlertRoute"("position");

-- CreateIndex
CREATE INDEX "MaintenanceWindow_serviceId_endsAt_idx" ON "MaintenanceWindow"("serviceId", "endsAt");

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_maintenanceWindowId_fkey" FOREIGN KEY ("maintenanceWindowId") REFERENCES "MaintenanceWindow"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertServiceMapping" ADD CONSTRAINT "AlertServiceMapping_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRoute" ADD CONSTRAINT "AlertRoute_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaintenanceWindow" ADD CONSTRAINT "MaintenanceWindow_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
