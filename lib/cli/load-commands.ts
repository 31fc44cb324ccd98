import { loadBenchCommand } from "@/lib/bench/load-bench";

/** `aftermath bench:load` (npm run bench:load): page latency while uploads run (lib/bench/load-bench.ts). */
export const LOAD_COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  "bench:load": (argv) => loadBenchCommand(argv),
};
