import Link from "next/link";

const WAYS_OUT = [
  { href: "/incidents", label: "Incidents", hint: "every reconstructed incident" },
  { href: "/sessions", label: "Agent sessions", hint: "what each agent did, step by step" },
  { href: "/events", label: "Events", hint: "search the CloudTrail calls" },
  { href: "/sources", label: "Sources", hint: "every ingested file and what it left behind" },
  { href: "/upload", label: "Upload", hint: "add CloudTrail or agent logs" },
];

export default function NotFound() {
  return (
    <div className="panel">
      <div className="panel-body">
        <h1>Not found</h1>
        <p className="muted">
          There is nothing at this address. It may have been removed (a rebuilt incident gets a new id), or the link is incomplete. Where to
          go instead:
        </p>
        <ul className="ways-out" data-testid="ways-out">
          {WAYS_OUT.map((w) => (
            <li key={w.href}>
              <Link href={w.href} className="btn">
                {w.label}
              </Link>{" "}
              <span className="muted">{w.hint}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
