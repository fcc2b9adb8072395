/**
 * Command-line parsing: `--name VALUE`, `--name=VALUE`, short aliases (`-o`), repeatable options,
 * and `--` before positional arguments that start with a dash. Anything unknown is a usage error
 * that names it.
 */
import { UsageError } from './errors.ts';

export interface OptionSpec {
  name: string;
  /** What the value looks like (ADDR, N, REG=VALUE); absent for a flag. */
  value?: string;
  /** May be given more than once. */
  repeat?: boolean;
  /** A one-letter alias, e.g. 'o' for -o. */
  short?: string;
}

export interface CommandSpec {
  name: string;
  options: OptionSpec[];
  /** Names of the positional arguments, e.g. ['IMAGE']. */
  positionals: string[];
}

export interface ParsedArgs {
  /** Values by option name (without dashes): one per occurrence; flags hold ['']. */
  options: Map<string, string[]>;
  positionals: string[];
  help: boolean;
}

export function parseArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  let help = false;
  const usage = (message: string) => new UsageError(message, spec.name);
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === '--') {
      positionals.push(...argv.slice(k + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const option = arg.startsWith('--')
      ? spec.options.find((o) => `--${o.name}` === key)
      : spec.options.find((o) => o.short !== undefined && `-${o.short}` === key);
    if (option === undefined) throw usage(`unknown option ${key} for loom ${spec.name}`);
    let value = '';
    if (option.value !== undefined) {
      if (key !== arg) value = arg.slice(eq + 1);
      else if (k + 1 < argv.length) value = argv[++k];
      else throw usage(`${key} needs a value (${key} ${option.value})`);
    } else if (key !== arg) {
      throw usage(`${key} takes no value`);
    }
    const list = options.get(option.name) ?? [];
    if (list.length > 0 && !option.repeat) throw usage(`--${option.name} is given twice`);
    list.push(value);
    options.set(option.name, list);
  }
  if (!help && positionals.length > spec.positionals.length) {
    throw usage(`unexpected argument '${positionals[spec.positionals.length]}'`);
  }
  if (!help && positionals.length < spec.positionals.length) {
    throw usage(`missing ${spec.positionals[positionals.length]}`);
  }
  return { options, positionals, help };
}

/** The single value of an option, or undefined. */
export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/** Every value of a repeatable option. */
export function options(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}
