import { UsageError, type OptionSpec, type ParsedArgs } from './command';

/**
 * Parses `--name value`, `--name=value` and `--flag` against a command's
 * options. Unknown options and missing required ones are usage errors.
 */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const option = spec[name];
    if (!option) throw new UsageError(`unknown option --${name}`);
    if (option.flag) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      i++;
    }
    options[name] = value;
  }
  for (const [name, option] of Object.entries(spec)) {
    if (option.required && options[name] === undefined) throw new UsageError(`--${name} is required`);
  }
  return { options, positionals };
}

/** The string value of an option (parseArgs already enforced presence when required). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
}
