// npm run cli -- <command> [options]
// Exit codes: 0 done, 1 the command failed (bad environment, database down,
// user not found...), 2 bad command line. Commands live in lib/cli/commands/.
import path from 'node:path';
import { checkPostgres, ensureAppSecret, PreflightError } from '../lib/boot/preflight';
import { resolveServicesInto } from '../lib/boot/resolve-services';
import { CliFailure, UsageError, type CliCommand } from '../lib/cli/command';
import { commandHelp, generalHelp } from '../lib/cli/help';
import { parseArgs } from '../lib/cli/parse-args';
import { commands, findCommand } from '../lib/cli/registry';
import { EnvError, migrationUrl, parseEnv } from '../lib/env';
import { isDbUnavailable } from '../lib/errors';

const root = path.resolve(import.meta.dirname, '..');
const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0];

function exit(code: number, message?: string): never {
  if (message) console.error(message);
  process.exit(code);
}

async function prepare(command: CliCommand) {
  // Info logs would mix with the command's output; keep warnings and errors.
  process.env.LOG_LEVEL ||= 'warn';
  let env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) exit(1, `switchboard: ${err.message}`);
    throw err;
  }
  // The same secret as the web app, so what the CLI signs and encrypts matches.
  process.env.APP_SECRET = ensureAppSecret(root, env.APP_SECRET);
  // The embedded PostgreSQL a running npm start owns (.switchboard/embedded.json),
  // else one started for this command (stopped when it exits).
  await resolveServicesInto(env, {
    projectDir: root,
    role: 'client',
    needs: { database: command.needsDatabase, redis: false },
    log: io.err,
  });
  if (command.needsDatabase) {
    await checkPostgres(env.DATABASE_URL);
    const { applyMigrations } = await import('../lib/db/migrate');
    await applyMigrations(migrationUrl(env));
  }
}

async function main(argv: string[]) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (!name) exit(2, generalHelp(commands));
    io.out(generalHelp(commands));
    return exit(0);
  }
  const command = findCommand(name);
  if (!command) exit(2, `error: unknown command "${name}"\n\n${generalHelp(commands)}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return exit(0);
  }

  try {
    const args = parseArgs(rest, command.options);
    command.check?.(args);
    await prepare(command);
    await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) exit(2, `error: ${err.message}\n\n${commandHelp(command)}`);
    if (err instanceof CliFailure || err instanceof PreflightError) exit(1, `error: ${err.message}`);
    const reason = firstLine(err);
    if (isDbUnavailable(err))
      exit(1, `error: PostgreSQL did not answer (${reason}); check that it is running and DATABASE_URL is right.`);
    exit(1, `error: ${reason}`);
  }
  exit(0);
}

await main(process.argv.slice(2));
