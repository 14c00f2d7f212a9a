-- AlterTable
ALTER TABLE "RegisteredDatabase" ADD COLUMN     "resourceId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "RegisteredDatabase_resourceId_key" ON "RegisteredDatabase"("resourceId");

-- AddForeignKey
ALTER TABLE "RegisteredDatabase" ADD CONSTRAINT "RegisteredDatabase_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE SET NULL ON UPDATE CASCADE;
