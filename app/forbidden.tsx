import Link from "next/link";

/** The 403 page: signed in, but the role does not allow this page (forbidden() in lib/auth/require-user.ts). */
export default function Forbidden() {
  return (
    <div className="panel auth-card" data-testid="forbidden">
      <div className="panel-body">
        <h1>Not allowed</h1>
        <p className="muted">
          Your role does not allow this page. Ask an admin of this Aftermath for a role with more rights (viewer → editor → admin).
        </p>
        <Link href="/incidents" className="btn">
          Go to incidents
        </Link>
      </div>
    </div>
  );
}
