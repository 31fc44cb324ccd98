-- The placeholder "safeguard" table had no writers; it is reshaped into the safeguards-as-code model (lib/safeguards).
DELETE FROM "safeguard";

-- AlterTable
ALTER TABLE "safeguard" DROP COLUMN "account_id",
DROP COLUMN "evidence",
DROP COLUMN "incident_id",
DROP COLUMN "team",
ADD COLUMN     "action_items" TEXT[],
ADD COLUMN     "actor_id" TEXT,
ADD COLUMN     "actor_label" TEXT NOT NULL,
ADD COLUMN     "actor_type" TEXT NOT NULL,
ADD COLUMN     "agent_roles" TEXT[],
ADD COLUMN     "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "description" TEXT,
ADD COLUMN     "evaluated_at" TIMESTAMPTZ(3),
ADD COLUMN     "incidents" TEXT[],
ADD COLUMN     "key" TEXT NOT NULL,
ADD COLUMN     "owner" TEXT,
ADD COLUMN     "policy" JSONB,
ADD COLUMN     "policy_type" TEXT,
ADD COLUMN     "resources" TEXT[],
ADD COLUMN     "rules" JSONB;

-- CreateTable
CREATE TABLE "safeguard_target" (
    "id" UUID NOT NULL,
    "safeguard_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "rollout_at" TIMESTAMPTZ(3),
    "regions" TEXT[],
    "agent_kinds" TEXT[],
    "teams" TEXT[],
    "members" TEXT[],
    "environments" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'planned',
    "violations" INTEGER NOT NULL DEFAULT 0,
    "observations" INTEGER NOT NULL DEFAULT 0,
    "evidence" JSONB NOT NULL DEFAULT '[]',
    "evaluated_at" TIMESTAMPTZ(3),

    CONSTRAINT "safeguard_target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "safeguard_evaluation" (
    "id" BIGSERIAL NOT NULL,
    "target_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "violations" INTEGER NOT NULL,
    "observations" INTEGER NOT NULL,

    CONSTRAINT "safeguard_evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "safeguard_target_account_idx" ON "safeguard_target"("account");

-- CreateIndex
CREATE UNIQUE INDEX "safeguard_target_safeguard_id_key_key" ON "safeguard_target"("safeguard_id", "key");

-- CreateIndex
CREATE INDEX "safeguard_evaluation_target_id_at_idx" ON "safeguard_evaluation"("target_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "safeguard_key_key" ON "safeguard"("key");

-- CreateIndex
CREATE INDEX "safeguard_status_idx" ON "safeguard"("status");

-- AddForeignKey
ALTER TABLE "safeguard_target" ADD CONSTRAINT "safeguard_target_safeguard_id_fkey" FOREIGN KEY ("safeguard_id") REFERENCES "safeguard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "safeguard_evaluation" ADD CONSTRAINT "safeguard_evaluation_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "safeguard_target"("id") ON DELETE CASCADE ON UPDATE CASCADE;
