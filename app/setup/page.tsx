import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { needsSetup } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Set up" };

/** Public, first run only: the first visitor creates the admin account. 404 once any user exists. */
export default async function SetupPage() {
  if (!(await needsSetup())) notFound();
  return (
    <div className="panel auth-card">
      <div className="panel-head">
        <h1>Welcome to Aftermath</h1>
      </div>
      <div className="panel-body">
        <p className="muted">
          Nobody has an account yet. Create the admin account: you can then add your team (Users) and open the demo incident.
        </p>
        <SetupForm />
      </div>
    </div>
  );
}
