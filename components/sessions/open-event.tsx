"use client";

import type { ReactNode } from "react";
import { useEventParam } from "@/components/events/use-event-param";

/**
 * Opens the shared event drawer (`?event=<eventId>`, see components/events/event-drawer.tsx) without re-running the
 * page's server queries. The event id only ever goes into the URL's query through URLSearchParams.
 */
export function OpenEvent({
  eventId,
  children,
  className,
  title,
  testId,
}: {
  eventId: string;
  children: ReactNode;
  className?: string;
  title?: string;
  testId?: string;
}) {
  const [current, open] = useEventParam();
  return (
    <button
      type="button"
      className={className ?? "linklike"}
      title={title ?? "Open the full CloudTrail record"}
      aria-pressed={current === eventId}
      onClick={() => open(eventId)}
      data-testid={testId}
    >
      {children}
    </button>
  );
}
