-- CreateTable
CREATE TABLE "ServiceView" (
    "serviceId" UUID NOT NULL,
    "viewedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceView_pkey" PRIMARY KEY ("serviceId")
);

-- CreateIndex
CREATE INDEX "ServiceView_viewedAt_idx" ON "ServiceView"("viewedAt");

-- AddForeignKey
ALTER TABLE "ServiceView" ADD CONSTRAINT "ServiceView_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
