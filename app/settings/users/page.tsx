import type { Metadata } from "next";
import { NewUserForm } from "@/components/auth/new-user-form";
import { UserRowControls } from "@/components/auth/user-row-controls";
import { listUsers } from "@/lib/auth/queries";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { formatUtc } from "@/lib/format";

export const metadata: Metadata = { title: "Users" };

/** Admin: every user, their role, state, sign-in methods and sessions; create users, change roles, deactivate. */
export default async function UsersPage() {
  const me = await requireUser("users:manage");
  const users = await listUsers((await getStore()).prisma);
  return (
    <>
      <div className="page-header">
        <h1>Users</h1>
        <span className="sub">
          {users.length} user{users.length === 1 ? "" : "s"} · viewer reads · editor also annotates, edits phases, uploads · admin also
          manages users, tokens and settings
        </span>
      </div>
      <section className="panel">
        <div className="panel-head">
          <h2>New user</h2>
        </div>
        <div className="panel-body">
          <NewUserForm />
        </div>
      </section>
      <section className="panel">
        <table className="users-table" data-testid="users-table">
          <thead>
            <tr>
              <th>User</th>
              <th>Sign-in</th>
              <th>State</th>
              <th>Created</th>
              <th>Role, access</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row" data-email={u.email}>
                <td>
                  <div>{u.email}</div>
                  <div className="faint">{u.name}</div>
                </td>
                <td>{u.providers.map((p) => (p === "credential" ? "password" : "SSO")).join(", ") || "—"}</td>
                <td data-testid="user-state">
                  {u.banned ? "deactivated" : "active"}
                  <div className="faint">
                    {u.activeSessions} session{u.activeSessions === 1 ? "" : "s"}
                  </div>
                </td>
                <td className="nowrap">{formatUtc(u.createdAt.toISOString(), false)}</td>
                <td>
                  <UserRowControls id={u.id} role={u.role ?? "viewer"} active={!u.banned} self={u.id === me.userId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
