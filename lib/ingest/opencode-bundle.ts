import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

/**
 * OpenCode keeps a session as many small files: `session/<project>/<id>.json`, `message/<session>/<id>.json`,
 * `part/<message>/<id>.json`. Read file by file none of them is a log, so a storage directory (one holding
 * `session/`, `message/` and `part/`) is ingested as one bundle: `{"opencodeStorage": {root, sessions, messages,
 * parts}}`, each entry `{file, value}` (value null + error when a file is not JSON).
 */
export async function isOpenCodeStorage(dir: string): Promise<boolean> {
  const names = new Set(await readdir(dir).catch(() => [] as string[]));
  return names.has("session") && names.has("message") && names.has("part");
}

async function jsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const n of (await readdir(d).catch(() => [] as string[])).sort()) {
      const p = path.join(d, n);
      const st = await stat(p).catch(() => null);
      if (st?.isDirectory()) await walk(p);
      else if (st?.isFile() && n.endsWith(".json")) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

async function entries(root: string, sub: string) {
  return Promise.all(
    (await jsonFiles(path.join(root, sub))).map(async (file) => {
      const text = await readFile(file, "utf8");
      try {
        return { file: path.relative(root, file), value: JSON.parse(text) as unknown };
      } catch (e) {
        return { file: path.relative(root, file), value: null, text: text.slice(0, 4096), error: (e as Error).message };
      }
    }),
  );
}

export async function openCodeBundle(root: string): Promise<Buffer> {
  const [sessions, messages, parts] = await Promise.all([entries(root, "session"), entries(root, "message"), entries(root, "part")]);
  return Buffer.from(JSON.stringify({ opencodeStorage: { root, sessions, messages, parts } }));
}
