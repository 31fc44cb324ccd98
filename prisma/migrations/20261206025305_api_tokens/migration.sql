-- CreateTable
CREATE TABLE "api_token" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "owner_user_id" TEXT,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_type" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_by_label" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "last_used_ip" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_token_hash_key" ON "api_token"("hash");

-- CreateIndex
CREATE INDEX "api_token_owner_user_id_idx" ON "api_token"("owner_user_id");

-- CreateIndex
CREATE INDEX "api_token_created_at_idx" ON "api_token"("created_at");

-- Hand-written: only known scopes and kinds, and a service token has no owner.
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_scope_check" CHECK ("scope" IN ('ingest', 'read', 'write', 'admin'));
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_kind_check" CHECK ("kind" IN ('personal', 'service'));
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_owner_check" CHECK (("kind" = 'service') = ("owner_user_id" IS NULL));
