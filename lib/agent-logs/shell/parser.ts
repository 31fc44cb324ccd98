import { createRequire } from "node:module";
import { Language, type Node, Parser, type Tree } from "web-tree-sitter";

/**
 * The bash grammar of tree-sitter (tree-sitter-bash, WASM) through web-tree-sitter. Loading the WASM is async and is
 * done once, by this module's top-level await, so every importer gets a ready, synchronous parser.
 * sh-syntax was tried first: its JSON AST only carries positions for commands (`Cmd: {Pos, End}`), so command
 * words, pipes and `&&` lists can't be read from it.
 */
let parser: Parser | null = null;
let loading: Promise<Parser> | null = null;

export function initShellParser(): Promise<void> {
  if (parser) return Promise.resolve();
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const runtimeWasm = require.resolve(/* turbopackIgnore: true */ "web-tree-sitter/web-tree-sitter.wasm");
    await Parser.init({ locateFile: () => runtimeWasm });
    const bash = await Language.load(require.resolve(/* turbopackIgnore: true */ "tree-sitter-bash/tree-sitter-bash.wasm"));
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
    return p;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading.then(() => undefined);
}

export function isShellParserReady(): boolean {
  return parser !== null;
}

let initError: Error | null = null;
/** Why the WASM parser could not be loaded (commands then fall back to a whitespace split), or null. */
export function shellParserError(): Error | null {
  return initError;
}

/** Parse shell text and hand the root node to `fn`; the tree is freed afterwards. Requires initShellParser(). */
export function withShellTree<T>(source: string, fn: (root: Node) => T): T {
  if (!parser) throw new Error("shell parser not initialised: await initShellParser() first");
  const tree: Tree | null = parser.parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    return fn(tree.rootNode);
  } finally {
    tree.delete();
  }
}

export type { Node as ShellNode };

try {
  await initShellParser();
} catch (e) {
  initError = e as Error;
}
