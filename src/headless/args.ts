/** Minimal `--flag value` / `--flag=value` / `--switch` parsing for the headless CLI. */
export interface ParsedArgs {
  command: string | undefined;
  flags: Record<string, string | true>;
  positional: string[];
}

export function parseArgs(argv: string[], switches: readonly string[] = []): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) flags[name] = a.slice(eq + 1);
      else if (switches.includes(name) || i + 1 >= argv.length || argv[i + 1]!.startsWith('--')) flags[name] = true;
      else flags[name] = argv[++i]!;
    } else if (command === undefined) command = a;
    else positional.push(a);
  }
  return { command, flags, positional };
}
