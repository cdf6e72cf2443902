// A small argparse for the ported example programs: long options declared as upstream's
// `parser.add_argument` calls declare them (type int/float/str, store_true, default, metavar, help),
// parsed as argparse parses them (unambiguous prefixes, `--flag=value`, Python's int()/float()
// spellings, `-h`), failing as argparse fails (usage, `prog: error: message`, exit status 2).

export interface OptionSpec {
  flag: string;
  type: 'int' | 'float' | 'str' | 'bool';
  default: number | string | boolean | null;
  help: string;
  metavar?: string;
  /** The attribute name; argparse's default is the flag without its dashes, '-' -> '_'. */
  dest?: string;
}

/** The parsed values, by dest. */
export type Namespace = Record<string, number | string | boolean | null>;

export class ArgumentError extends Error {}

const destOf = (o: OptionSpec): string => o.dest ?? o.flag.replace(/^--/, '').replace(/-/g, '_');
const metavarOf = (o: OptionSpec): string => o.metavar ?? destOf(o).toUpperCase();

// Python's int() and float() on a string (argparse's type=int, type=float): surrounding whitespace,
// '_' between digits, and for float 'inf', 'infinity' and 'nan' in any case.
const PY_INT = /^[+-]?\d(?:_?\d)*$/;
const PY_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:e[+-]?\d(?:_?\d)*)?$/i;
const PY_FLOAT_WORD = /^([+-]?)(inf|infinity|nan)$/i;
export function pyNumber(val: string, type: 'int' | 'float'): number | null {
  const s = val.trim(), word = type === 'float' ? PY_FLOAT_WORD.exec(s) : null;
  if (word) return word[2].toLowerCase() === 'nan' ? NaN : word[1] === '-' ? -Infinity : Infinity;
  return (type === 'int' ? PY_INT : PY_FLOAT).test(s) ? Number(s.replace(/_/g, '')) : null;
}

/** Python's repr() of a str, as argparse quotes a bad value: the quote it does not contain, escapes for the unprintable. */
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const hex = (n: number) => c.toString(16).padStart(n, '0');
    if (ch === '\\' || ch === q) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) out += c <= 0xff ? `\\x${hex(2)}` : c <= 0xffff ? `\\u${hex(4)}` : `\\U${hex(8)}`;
    else out += ch;
  }
  return out + q;
}

/** argparse takes an argument for an option's value unless it looks like an option itself ('-1' and '-.5' are numbers). */
export const looksLikeOption = (s: string): boolean => s.length > 1 && s.startsWith('-') && !/^-\d+$|^-\d*\.\d+$/.test(s) && !s.includes(' ');

export class ArgumentParser {
  constructor(readonly prog: string, readonly description: string, readonly options: OptionSpec[]) {}

  usage(): string {
    const parts = ['[-h]', ...this.options.map((o) => (o.type === 'bool' ? `[${o.flag}]` : `[${o.flag} ${metavarOf(o)}]`))];
    const head = `usage: ${this.prog}`, lines: string[] = [];
    let line = head;
    for (const p of parts) {
      if (line.length + p.length + 1 > 80 && line !== head) { lines.push(line); line = ' '.repeat(head.length); }
      line += ` ${p}`;
    }
    lines.push(line);
    return lines.join('\n');
  }

  help(): string {
    const rows = [['-h, --help', 'show this help message and exit'], ...this.options.map((o) => [o.type === 'bool' ? o.flag : `${o.flag} ${metavarOf(o)}`, o.help])];
    const body = rows.map(([a, h]) => (a.length <= 20 ? `  ${a.padEnd(22)}${h}` : `  ${a}\n${' '.repeat(24)}${h}`)).join('\n');
    return `${this.usage()}\n\n${this.description}\n\noptions:\n${body}\n`;
  }

  /** argparse's parser.error(): the usage line, `prog: error: message`, exit status 2. */
  error(message: string): never {
    process.stderr.write(`${this.usage()}\n${this.prog}: error: ${message}\n`);
    process.exit(2);
  }

  /** Parses argv; `check` may throw ArgumentError for values argparse takes but the program cannot use. */
  parse_args(argv: string[], check?: (ns: Namespace) => void): Namespace {
    const ns: Namespace = Object.fromEntries(this.options.map((o) => [destOf(o), o.default]));
    try {
      for (let i = 0; i < argv.length; i++) {
        let a = argv[i], val: string | undefined;
        if (a === '-h' || a === '--help') { process.stdout.write(this.help()); process.exit(0); }
        const eq = a.indexOf('=');
        if (a.startsWith('--') && eq > 0) { val = a.slice(eq + 1); a = a.slice(0, eq); }
        const exact = this.options.find((o) => o.flag === a);
        const matches = this.options.filter((o) => a.startsWith('--') && a.length > 2 && o.flag.startsWith(a));
        if (!exact && matches.length > 1) throw new ArgumentError(`ambiguous option: ${a} could match ${matches.map((o) => o.flag).join(', ')}`);
        const o = exact ?? matches[0];
        if (!o) throw new ArgumentError(`unrecognized arguments: ${argv.slice(i).join(' ')}`);
        if (o.type === 'bool') {
          if (val !== undefined) throw new ArgumentError(`argument ${o.flag}: ignored explicit argument ${pyRepr(val)}`);
          ns[destOf(o)] = true;
          continue;
        }
        if (val === undefined) {
          val = argv[++i];
          if (val === undefined || looksLikeOption(val)) throw new ArgumentError(`argument ${o.flag}: expected one argument`);
        }
        let v: number | string | null = val;
        if (o.type !== 'str') {
          v = pyNumber(val, o.type);
          if (v === null) throw new ArgumentError(`argument ${o.flag}: invalid ${o.type} value: ${pyRepr(val)}`);
        }
        ns[destOf(o)] = v;
      }
      check?.(ns);
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      this.error(e.message);
    }
    return ns;
  }
}

/** The checks every port makes on torchlet's own flags (--limit, --data) and on a logging interval. */
export function checkCommon(ns: Namespace, intervalFlag?: string): void {
  const interval = intervalFlag ? ns[intervalFlag.replace(/^--/, '').replace(/-/g, '_')] : null;
  if (interval === 0) throw new ArgumentError(`argument ${intervalFlag}: must not be 0 (the upstream program fails with ZeroDivisionError at batch % ${intervalFlag!.replace(/^--/, '').replace(/-/g, '_')})`);
  if (ns.limit !== null && ns.limit !== undefined && (ns.limit as number) < 1) throw new ArgumentError(`argument --limit: must be at least 1, got ${ns.limit} (leave it out to train on everything)`);
  if (ns.data === '') throw new ArgumentError("argument --data: expected a folder, got ''");
}
