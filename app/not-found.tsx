import Link from "next/link";

export default function NotFound() {
  return (
    <div className="panel">
      <div className="panel-body">
        <h1>Not found</h1>
        <p className="muted">There is nothing at this address. It may have been removed, or the link is incomplete.</p>
        <Link href="/events" className="btn">
          Go to events
        </Link>
      </div>
    </div>
  );
}
