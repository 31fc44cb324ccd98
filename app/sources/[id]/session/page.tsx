import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { SourceId, sessionsOfSource } from "@/lib/sources/queries";

/**
 * /sources/:id/session — where the upload page and the CLI (AFTERMATH_URL) send you after an agent log: the session
 * the file created, or the file's report (which lists them) when it created several.
 */
export default async function SourceSessionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser("data:read");
  const { id } = await params;
  if (!SourceId.safeParse(id).success) notFound();
  const sessions = await sessionsOfSource(await getStore(), id);
  if (sessions.length === 1) redirect(`/sessions/${sessions[0].id}`);
  redirect(`/sources/${id}#sessions`);
}
