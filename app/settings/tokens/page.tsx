import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/settings/tokens-create-form";
import { TokensTable } from "@/components/settings/tokens-table";
import { requireUser } from "@/lib/auth/require-user";
import { listTokens } from "@/lib/auth/tokens/queries";
import { getStore } from "@/lib/db";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

/** Settings → API tokens (permission "tokens:manage"). */
export default async function TokensPage() {
  await requireUser("tokens:manage");
  const tokens = await listTokens(await getStore());
  return (
    <>
      <div className="page-header">
        <h1>API tokens</h1>
        <span className="sub">
          For the CLI (<code>npx aftermath ingest --server</code>), CI and agents&apos; OTLP exporters: send{" "}
          <code>Authorization: Bearer &lt;token&gt;</code>. Only a hash is stored; a token is shown once.
        </span>
      </div>
      <CreateTokenForm />
      <section className="panel" aria-label="Tokens">
        <TokensTable tokens={tokens} />
      </section>
    </>
  );
}
