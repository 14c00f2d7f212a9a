-- DropIndex
DROP INDEX "Incident_status_declaredAt_idx";

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "commsLeadId" UUID,
ADD COLUMN     "declareKey" TEXT,
ADD COLUMN     "lastProgressAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "lastUpdatePostedAt" TIMESTAMP(3),
ADD COLUMN     "opsLeadId" UUID,
ADD COLUMN     "reopenCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reopenedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "TimelineEntry" ADD COLUMN     "incidentVersion" INTEGER;

-- CreateTable
CREATE TABLE "SeverityPolicy" (
    "severity" "Severity" NOT NULL,
    "description" TEXT NOT NULL,
    "ackWithinMinutes" INTEGER,
    "resolveWithinMinutes" INTEGER,
    "updateEveryMinutes" INTEGER,
    "updatesAtStartAndEnd" BOOLEAN NOT NULL DEFAULT false,
    "escalateAfterMinutes" INTEGER,
    "postmortemRequired" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeverityPolicy_pkey" PRIMARY KEY ("severity")
);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Incident_declareKey_key" ON "Incident"("declareKey");

-- CreateIndex
CREATE INDEX "Incident_status_declaredAt_id_idx" ON "Incident"("status", "declaredAt", "id");

-- CreateIndex
CREATE INDEX "Incident_commanderId_idx" ON "Incident"("commanderId");

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_commsLeadId_fkey" FOREIGN KEY ("commsLeadId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_opsLeadId_fkey" FOREIGN KEY ("opsLeadId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Seed the severity policy with the defaults chosen in DESIGN.md ("Severity policy").
-- SEV4 is acknowledged by the end of the next business day (ackWithinMinutes NULL,
-- computed in lib/incidents/clocks.ts).
INSERT INTO "SeverityPolicy" ("severity", "description", "ackWithinMinutes", "resolveWithinMinutes", "updateEveryMinutes", "updatesAtStartAndEnd", "escalateAfterMinutes", "postmortemRequired")
VALUES
  ('SEV1', 'Complete outage: every user is affected.', 15, 60, 15, false, 30, true),
  ('SEV2', 'A major function is impaired for some users.', 30, 240, 30, false, 60, true),
  ('SEV3', 'A minor problem with a workaround.', 120, 1440, NULL, true, NULL, false),
  ('SEV4', 'Cosmetic, no user impact.', NULL, NULL, NULL, false, NULL, false)
ON CONFLICT ("severity") DO NOTHING;

-- No status-update webhooks until an admin adds some.
INSERT INTO "AppSetting" ("key", "value") VALUES ('incidents.status_webhooks', '[]'::jsonb)
ON CONFLICT ("key") DO NOTHING;

-- Incident search is a case-insensitive substring match (ILIKE) on the title, the
-- impact and the notes. Notes are the large table: when the pg_trgm extension can be
-- installed (it ships with PostgreSQL's contrib modules and is a trusted extension),
-- a trigram GIN index serves the note search. Where it is missing, the migration
-- still succeeds and search scans. The index is partial, so Prisma's schema diff
-- leaves it alone (schema.prisma cannot express "only when the extension exists").
-- The DO bodies are E'' strings that write each semicolon as \073, because the
-- migration runner splits a script at every semicolon character.
DO E'BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm\073 EXCEPTION WHEN OTHERS THEN RAISE NOTICE ''pg_trgm is not available: note search works without a trigram index''\073 END'
;
DO E'BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = ''pg_trgm'') THEN CREATE INDEX IF NOT EXISTS "TimelineEntry_note_text_trgm_idx" ON "TimelineEntry" USING gin ("text" gin_trgm_ops) WHERE "kind" = ''note''\073 END IF\073 END'
;
