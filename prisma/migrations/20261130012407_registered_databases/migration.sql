-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RemediationKind" ADD VALUE 'PG_CANCEL_BACKEND';
ALTER TYPE "RemediationKind" ADD VALUE 'PG_TERMINATE_BACKEND';

-- AlterTable
ALTER TABLE "RemediationRequest" ADD COLUMN     "databaseId" UUID,
ALTER COLUMN "serviceId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "RegisteredDatabase" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "environment" "Environment" NOT NULL,
    "team" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "dbname" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordEncrypted" TEXT NOT NULL,
    "actionUsername" TEXT,
    "actionPasswordEncrypted" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegisteredDatabase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegisteredDatabaseService" (
    "databaseId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,

    CONSTRAINT "RegisteredDatabaseService_pkey" PRIMARY KEY ("databaseId","serviceId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegisteredDatabase_name_key" ON "RegisteredDatabase"("name");

-- CreateIndex
CREATE INDEX "RegisteredDatabaseService_serviceId_idx" ON "RegisteredDatabaseService"("serviceId");

-- CreateIndex
CREATE INDEX "RemediationRequest_databaseId_createdAt_idx" ON "RemediationRequest"("databaseId", "createdAt");

-- AddForeignKey
ALTER TABLE "RemediationRequest" ADD CONSTRAINT "RemediationRequest_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "RegisteredDatabase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegisteredDatabaseService" ADD CONSTRAINT "RegisteredDatabaseService_databaseId_fkey" FOREIGN KEY ("databaseId") REFERENCES "RegisteredDatabase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegisteredDatabaseService" ADD CONSTRAINT "RegisteredDatabaseService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A request acts on exactly one target: a service or a registered database.
ALTER TABLE "RemediationRequest" ADD CONSTRAINT "RemediationRequest_one_target" CHECK (("serviceId" IS NULL) <> ("databaseId" IS NULL));
