"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi } from "@/components/annotations/api";

/** The post-mortem does not exist yet: opening the page drafts it from the reconstruction (POST), then shows it. */
export function OpenPostMortem({ incidentId }: { incidentId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    callApi("POST", `/api/incidents/${incidentId}/postmortem`).then((r) => {
      if (!live) return;
      if (r.ok) router.refresh();
      else setError(r.message);
    });
    return () => {
      live = false;
    };
  }, [incidentId, router]);
  return error ? (
    <div className="notice error" data-testid="postmortem-open-error">
      Could not draft the post-mortem: {error}
    </div>
  ) : (
    <div className="empty">Drafting the post-mortem from the reconstruction…</div>
  );
}
