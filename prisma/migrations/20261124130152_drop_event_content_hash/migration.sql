-- AlterTable
ALTER TABLE "cloudtrail_event" DROP COLUMN "content_hash";
