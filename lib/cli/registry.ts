import type { CliCommand } from './command';
import { apikeyCreate } from './commands/apikey-create';
import { userCreate } from './commands/user-create';

// Every CLI command, in the order --help lists them. Command modules load
// their heavy dependencies (database, auth) inside run(), after the
// environment has been validated.
export const commands: CliCommand[] = [userCreate, apikeyCreate];

export const findCommand = (name: string) => commands.find((c) => c.name === name);
