"use client";

/** Error boundary for every page: a safe message only (details are in the server log under the digest). */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div className="panel">
      <div className="panel-body">
        <h1>Something went wrong</h1>
        <p className="muted">
          The page could not be loaded. The error was logged on the server
          {digest ? (
            <>
              {" "}
              (reference <span className="mono">{digest}</span>)
            </>
          ) : null}
          .
        </p>
        <button type="button" className="btn" onClick={() => retry()}>
          Try again
        </button>
      </div>
    </div>
  );
}
