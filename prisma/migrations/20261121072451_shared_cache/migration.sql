-- CreateTable
CREATE TABLE "SharedCache" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SharedCache_pkey" PRIMARY KEY ("key")
);
