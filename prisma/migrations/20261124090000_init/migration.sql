-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "ingest_source" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "path" TEXT,
    "sha256" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "format" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "read" INTEGER NOT NULL DEFAULT 0,
    "ingested" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "quarantined" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "conflicts" INTEGER NOT NULL DEFAULT 0,
    "redactions" INTEGER NOT NULL DEFAULT 0,
    "notes" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "via" TEXT NOT NULL DEFAULT 'cli',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,

    CONSTRAINT "ingest_source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cloudtrail_event" (
    "id" BIGSERIAL NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT,
    "region" TEXT,
    "partition" TEXT,
    "event_source" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "event_type" TEXT,
    "event_category" TEXT,
    "principal_arn" TEXT,
    "principal_type" TEXT,
    "session_name" TEXT,
    "role_arn" TEXT,
    "human_name" TEXT,
    "source_identity" TEXT,
    "access_key_id" TEXT,
    "user_agent" TEXT,
    "source_ip" TEXT,
    "read_only" BOOLEAN,
    "error_code" TEXT,
    "error_message" TEXT,
    "executed" BOOLEAN NOT NULL,
    "request_id" TEXT,
    "resources" TEXT[],
    "risk" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "raw" JSONB NOT NULL,
    "source_id" UUID,
    "record_index" INTEGER NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cloudtrail_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_conflict" (
    "id" BIGSERIAL NOT NULL,
    "event_id" TEXT NOT NULL,
    "source_id" UUID NOT NULL,
    "record_index" INTEGER NOT NULL,
    "existing_hash" TEXT NOT NULL,
    "new_hash" TEXT NOT NULL,
    "raw" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_conflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quarantined_record" (
    "id" BIGSERIAL NOT NULL,
    "source_id" UUID NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "record_index" INTEGER NOT NULL,
    "line" INTEGER,
    "reason" TEXT NOT NULL,
    "raw_text" TEXT NOT NULL,
    "raw_bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quarantined_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "skipped_record" (
    "id" BIGSERIAL NOT NULL,
    "source_id" UUID NOT NULL,
    "record_index" INTEGER NOT NULL,
    "line" INTEGER,
    "reason" TEXT NOT NULL,

    CONSTRAINT "skipped_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_session" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "agent_version" TEXT,
    "mode" TEXT,
    "approval_policy" TEXT,
    "user" TEXT,
    "host" TEXT,
    "cwd" TEXT,
    "model" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "aws_identity" JSONB,
    "redactions" INTEGER NOT NULL DEFAULT 0,
    "tool_calls" INTEGER NOT NULL DEFAULT 0,
    "destructive" INTEGER NOT NULL DEFAULT 0,
    "approvals" INTEGER NOT NULL DEFAULT 0,
    "rejections" INTEGER NOT NULL DEFAULT 0,
    "source_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_action" (
    "id" BIGSERIAL NOT NULL,
    "session_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "actor" TEXT NOT NULL,
    "text" TEXT,
    "tool_call_id" TEXT,
    "tool" TEXT,
    "command" TEXT,
    "input" JSONB,
    "cwd" TEXT,
    "exit_code" INTEGER,
    "is_error" BOOLEAN NOT NULL DEFAULT false,
    "output" TEXT,
    "approval" TEXT,
    "approver" TEXT,
    "approval_source" TEXT,
    "approval_detail" TEXT,
    "approval_at" TIMESTAMPTZ(3),
    "commands" JSONB NOT NULL DEFAULT '[]',
    "risk" TEXT,
    "subagent" TEXT,
    "record_index" INTEGER NOT NULL,
    "raw" JSONB,

    CONSTRAINT "agent_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action_event_link" (
    "id" BIGSERIAL NOT NULL,
    "session_id" UUID NOT NULL,
    "action_id" BIGINT,
    "event_id" TEXT NOT NULL,
    "confidence" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "action_event_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "trigger_event_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "session_id" UUID,
    "trigger_action_id" BIGINT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "duration_minutes" DOUBLE PRECISION,
    "account_id" TEXT,
    "region" TEXT,
    "principal_arn" TEXT,
    "destructive_event_ids" TEXT[],
    "affected_resources" TEXT[],
    "recovery_event_id" TEXT,
    "detail" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_phase" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "phase" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "event_id" TEXT,
    "note" TEXT,
    "author" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_phase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotation" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "anchor_at" TIMESTAMPTZ(3),
    "event_id" TEXT,
    "author" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "annotation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "safeguard" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "account_id" TEXT,
    "team" TEXT,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "incident_id" UUID,
    "evidence" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "safeguard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ingest_source_sha256_idx" ON "ingest_source"("sha256");

-- CreateIndex
CREATE INDEX "ingest_source_started_at_idx" ON "ingest_source"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "cloudtrail_event_event_id_key" ON "cloudtrail_event"("event_id");

-- CreateIndex
CREATE INDEX "cloudtrail_event_event_time_id_idx" ON "cloudtrail_event"("event_time", "id");

-- CreateIndex
CREATE INDEX "cloudtrail_event_risk_event_time_idx" ON "cloudtrail_event"("risk", "event_time");

-- CreateIndex
CREATE INDEX "cloudtrail_event_principal_arn_event_time_idx" ON "cloudtrail_event"("principal_arn", "event_time");

-- CreateIndex
CREATE INDEX "cloudtrail_event_event_name_idx" ON "cloudtrail_event"("event_name");

-- CreateIndex
CREATE INDEX "cloudtrail_event_account_id_region_idx" ON "cloudtrail_event"("account_id", "region");

-- CreateIndex
CREATE UNIQUE INDEX "event_conflict_event_id_new_hash_key" ON "event_conflict"("event_id", "new_hash");

-- CreateIndex
CREATE INDEX "quarantined_record_source_id_idx" ON "quarantined_record"("source_id");

-- CreateIndex
CREATE UNIQUE INDEX "quarantined_record_file_sha256_record_index_key" ON "quarantined_record"("file_sha256", "record_index");

-- CreateIndex
CREATE INDEX "skipped_record_source_id_idx" ON "skipped_record"("source_id");

-- CreateIndex
CREATE INDEX "agent_session_started_at_idx" ON "agent_session"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "agent_session_kind_external_id_key" ON "agent_session"("kind", "external_id");

-- CreateIndex
CREATE INDEX "agent_action_session_id_seq_idx" ON "agent_action"("session_id", "seq");

-- CreateIndex
CREATE INDEX "agent_action_at_idx" ON "agent_action"("at");

-- CreateIndex
CREATE INDEX "agent_action_tool_call_id_idx" ON "agent_action"("tool_call_id");

-- CreateIndex
CREATE UNIQUE INDEX "agent_action_session_id_key_key" ON "agent_action"("session_id", "key");

-- CreateIndex
CREATE INDEX "action_event_link_event_id_idx" ON "action_event_link"("event_id");

-- CreateIndex
CREATE INDEX "action_event_link_action_id_idx" ON "action_event_link"("action_id");

-- CreateIndex
CREATE UNIQUE INDEX "action_event_link_session_id_event_id_key" ON "action_event_link"("session_id", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "incident_trigger_event_id_key" ON "incident"("trigger_event_id");

-- CreateIndex
CREATE INDEX "incident_started_at_idx" ON "incident"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "incident_phase_incident_id_phase_key" ON "incident_phase"("incident_id", "phase");

-- CreateIndex
CREATE INDEX "annotation_incident_id_idx" ON "annotation"("incident_id");

-- AddForeignKey
ALTER TABLE "cloudtrail_event" ADD CONSTRAINT "cloudtrail_event_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "ingest_source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_conflict" ADD CONSTRAINT "event_conflict_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "ingest_source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quarantined_record" ADD CONSTRAINT "quarantined_record_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "ingest_source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skipped_record" ADD CONSTRAINT "skipped_record_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "ingest_source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_session" ADD CONSTRAINT "agent_session_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "ingest_source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_action" ADD CONSTRAINT "agent_action_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "agent_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_event_link" ADD CONSTRAINT "action_event_link_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "agent_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_event_link" ADD CONSTRAINT "action_event_link_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "agent_action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "agent_session"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_phase" ADD CONSTRAINT "incident_phase_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotation" ADD CONSTRAINT "annotation_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
