-- CreateTable
CREATE TABLE "CacheLease" (
    "key" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CacheLease_pkey" PRIMARY KEY ("key")
);
