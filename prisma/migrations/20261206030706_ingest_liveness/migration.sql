-- AlterTable
ALTER TABLE "ingest_source" ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3),
ADD COLUMN     "host" TEXT,
ADD COLUMN     "pid" INTEGER;
