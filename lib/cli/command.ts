// The shape of one `npm run cli -- <command>` command. Each command lives in
// lib/cli/commands/<name>.ts and is listed in lib/cli/registry.ts.

export type OptionSpec = {
  /** Shown in --help, e.g. "--email E". */
  usage: string;
  description: string;
  required?: boolean;
  /** A flag without a value (true when present). */
  flag?: boolean;
};

export type ParsedArgs = {
  options: Record<string, string | true>;
  positionals: string[];
};

export type CliIo = {
  /** Progress and results for people (stdout). */
  out(line: string): void;
  /** Warnings (stderr). */
  err(line: string): void;
};

export type CliCommand = {
  name: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Whether the command needs PostgreSQL (reachability and migrations are checked first). */
  needsDatabase: boolean;
  /** Checks the command line before anything connects, so a usage error exits 2 even with the database down. */
  check?(args: ParsedArgs): void;
  run(args: ParsedArgs, io: CliIo): Promise<void>;
};

/** Bad command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** The command could not do its job (user not found, database down): exit code 1. */
export class CliFailure extends Error {}
