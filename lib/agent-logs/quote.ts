/** Join argv into a shell command line, single-quoting words that need it (Codex `command: [...]` arrays). */
export function quoteArgv(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** `["bash", "-lc", "script"]` → "script"; any other argv → quoted command line. */
export function commandFromArgv(argv: string[]): string {
  if (argv.length === 3 && /(^|\/)(bash|sh|zsh)$/.test(argv[0]) && /^-[a-z]*c[a-z]*$/.test(argv[1])) return argv[2];
  return quoteArgv(argv);
}
