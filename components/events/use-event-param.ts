"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * The event shown in the drawer lives in the URL (`?event=<eventId>`), set with the History API so opening a row
 * does not re-run the page's server queries (Next.js keeps useSearchParams in sync with pushState).
 */
export function useEventParam(): [string | null, (eventId: string | null) => void] {
  const eventId = useSearchParams().get("event");
  const setEventId = useCallback((id: string | null) => {
    const sp = new URLSearchParams(window.location.search);
    if (id) sp.set("event", id);
    else sp.delete("event");
    const qs = sp.toString();
    window.history.pushState(null, "", `${window.location.pathname}${qs ? `?${qs}` : ""}`);
  }, []);
  return [eventId, setEventId];
}
