-- AlterEnum
ALTER TYPE "RemediationStatus" ADD VALUE 'UNKNOWN';

-- AlterTable
ALTER TABLE "RemediationRequest" ADD COLUMN     "deploymentId" TEXT,
ADD COLUMN     "landing" TEXT,
ADD COLUMN     "leftBehind" TEXT,
ADD COLUMN     "registeredTaskDefinitionArn" TEXT,
ADD COLUMN     "stage" TEXT;
