-- AlterTable
ALTER TABLE "agent_session" ADD COLUMN     "ci_context" JSONB,
ADD COLUMN     "times_approximate" TEXT;
