/**
 * Tiny argument reader shared by the bmsbox commands: `--name value` and bare `--flag`, with a list of the
 * flags each command knows so a typo is an error, not a silent default.
 */
export interface Args {
  values: { [k: string]: string };
  flags: { [k: string]: boolean };
}

export function parseArgs(argv: string[], valued: string[], flags: string[]): Args | string {
  const out: Args = { values: {}, flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) return "unexpected argument '" + a + "'";
    const name = a.slice(2);
    if (valued.indexOf(name) >= 0) {
      if (i + 1 >= argv.length) return "--" + name + " needs a value";
      out.values[name] = argv[++i];
    } else if (flags.indexOf(name) >= 0) out.flags[name] = true;
    else return "unknown option --" + name + " (known: " + valued.concat(flags).map((x) => "--" + x).join(" ") + ")";
  }
  return out;
}
