-- DropForeignKey
ALTER TABLE "annotation" DROP CONSTRAINT "annotation_incident_id_fkey";

-- DropForeignKey
ALTER TABLE "incident_phase" DROP CONSTRAINT "incident_phase_incident_id_fkey";

-- DropIndex
DROP INDEX "annotation_incident_id_idx";

-- DropIndex
DROP INDEX "incident_trigger_event_id_key";

-- AlterTable
ALTER TABLE "annotation" DROP CONSTRAINT "annotation_pkey",
DROP COLUMN "author",
ADD COLUMN     "action_key" TEXT,
ADD COLUMN     "actor_id" TEXT NOT NULL,
ADD COLUMN     "actor_label" TEXT NOT NULL,
ADD COLUMN     "actor_type" TEXT NOT NULL,
ADD COLUMN     "agent_session_ref" TEXT,
ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "marker" TEXT,
ADD COLUMN     "parent_id" UUID,
ADD COLUMN     "tag" TEXT,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "user_id" TEXT,
DROP COLUMN "id",
ADD COLUMN     "id" UUID NOT NULL,
ALTER COLUMN "body" SET DEFAULT '',
ADD CONSTRAINT "annotation_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "natural_key" TEXT,
ADD COLUMN     "not_reproduced_at" TIMESTAMPTZ(3),
ADD COLUMN     "not_reproduced_reason" TEXT,
ADD COLUMN     "reproduced" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "postmortem" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_label" TEXT NOT NULL,
    "user_id" TEXT,
    "approved_by" TEXT,
    "approved_at" TIMESTAMPTZ(3),
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "postmortem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "postmortem_revision" (
    "id" UUID NOT NULL,
    "postmortem_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT 'save',
    "restored_from" INTEGER,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_label" TEXT NOT NULL,
    "user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "postmortem_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "postmortem_reviewer" (
    "id" UUID NOT NULL,
    "postmortem_id" UUID NOT NULL,
    "reviewer" TEXT NOT NULL,
    "decision" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "postmortem_reviewer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "postmortem_review" (
    "id" UUID NOT NULL,
    "postmortem_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "decision" TEXT NOT NULL DEFAULT 'comment',
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_label" TEXT NOT NULL,
    "user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "postmortem_review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action_item" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "owner" TEXT,
    "due_date" DATE,
    "priority" TEXT NOT NULL DEFAULT 'p2',
    "status" TEXT NOT NULL DEFAULT 'open',
    "safeguard_key" TEXT,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_label" TEXT NOT NULL,
    "user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "action_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "postmortem_incident_id_key" ON "postmortem"("incident_id");

-- CreateIndex
CREATE INDEX "postmortem_status_idx" ON "postmortem"("status");

-- CreateIndex
CREATE UNIQUE INDEX "postmortem_revision_postmortem_id_number_key" ON "postmortem_revision"("postmortem_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "postmortem_reviewer_postmortem_id_reviewer_key" ON "postmortem_reviewer"("postmortem_id", "reviewer");

-- CreateIndex
CREATE INDEX "postmortem_review_postmortem_id_created_at_idx" ON "postmortem_review"("postmortem_id", "created_at");

-- CreateIndex
CREATE INDEX "action_item_incident_id_idx" ON "action_item"("incident_id");

-- CreateIndex
CREATE INDEX "action_item_status_due_date_idx" ON "action_item"("status", "due_date");

-- CreateIndex
CREATE INDEX "action_item_safeguard_key_idx" ON "action_item"("safeguard_key");

-- CreateIndex
CREATE INDEX "annotation_incident_id_created_at_idx" ON "annotation"("incident_id", "created_at");

-- CreateIndex
CREATE INDEX "annotation_event_id_idx" ON "annotation"("event_id");

-- CreateIndex
CREATE INDEX "annotation_tag_idx" ON "annotation"("tag");

-- CreateIndex
CREATE INDEX "incident_trigger_event_id_idx" ON "incident"("trigger_event_id");

-- AddForeignKey
ALTER TABLE "incident_phase" ADD CONSTRAINT "incident_phase_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotation" ADD CONSTRAINT "annotation_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postmortem" ADD CONSTRAINT "postmortem_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postmortem_revision" ADD CONSTRAINT "postmortem_revision_postmortem_id_fkey" FOREIGN KEY ("postmortem_id") REFERENCES "postmortem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postmortem_reviewer" ADD CONSTRAINT "postmortem_reviewer_postmortem_id_fkey" FOREIGN KEY ("postmortem_id") REFERENCES "postmortem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postmortem_review" ADD CONSTRAINT "postmortem_review_postmortem_id_fkey" FOREIGN KEY ("postmortem_id") REFERENCES "postmortem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_item" ADD CONSTRAINT "action_item_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
