import "server-only";
import type { Store } from "@/lib/db";
import { demoSafeguardsFile } from "@/lib/demo";
import { SafeguardsFile } from "./file-schema";
import { applySafeguardsFile } from "./mutations";

/** Applies the demo's safeguards file (lib/demo/remediation.ts) as the system actor "demo", then verifies it. */
export async function applyDemoSafeguards(store: Store): Promise<void> {
  await applySafeguardsFile(store, SafeguardsFile.parse(demoSafeguardsFile()), { kind: "system", name: "demo" });
}
