import type { CliCommand } from './command';
import { apikeyCreate } from './commands/apikey-create';
import { eventsRequeue } from './commands/events-requeue';
import { flowsList } from './commands/flows-list';
import { runsReplay } from './commands/runs-replay';
import { userCreate } from './commands/user-create';

// Every CLI command, in the order --help lists them. Command modules load
// their heavy dependencies (database, auth) inside run(), after the
// environment has been validated.
export const commands: CliCommand[] = [userCreate, apikeyCreate, flowsList, runsReplay, eventsRequeue];

export const findCommand = (name: string) => commands.find((c) => c.name === name);
