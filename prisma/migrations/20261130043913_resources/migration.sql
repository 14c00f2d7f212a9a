-- CreateEnum
CREATE TYPE "ResourceKind" AS ENUM ('LAMBDA', 'RDS', 'ELASTICACHE', 'DYNAMODB', 'LOAD_BALANCER');

-- CreateTable
CREATE TABLE "Resource" (
    "id" UUID NOT NULL,
    "kind" "ResourceKind" NOT NULL,
    "name" TEXT NOT NULL,
    "awsId" TEXT NOT NULL,
    "arn" TEXT,
    "region" TEXT NOT NULL,
    "environment" "Environment" NOT NULL,
    "team" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceService" (
    "resourceId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,

    CONSTRAINT "ResourceService_pkey" PRIMARY KEY ("resourceId","serviceId")
);

-- CreateIndex
CREATE INDEX "Resource_environment_kind_idx" ON "Resource"("environment", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Resource_kind_region_awsId_key" ON "Resource"("kind", "region", "awsId");

-- CreateIndex
CREATE INDEX "ResourceService_serviceId_idx" ON "ResourceService"("serviceId");

-- AddForeignKey
ALTER TABLE "ResourceService" ADD CONSTRAINT "ResourceService_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceService" ADD CONSTRAINT "ResourceService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
