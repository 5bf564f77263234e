import type { CliCommand } from './command';

export function generalHelp(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "npm run cli -- <command> --help" for the options of a command.',
    'The CLI uses the same environment as npm start (DATABASE_URL, APP_SECRET...).',
  ].join('\n');
}

export function commandHelp(command: CliCommand): string {
  const opts = Object.values(command.options);
  const width = Math.max(0, ...opts.map((o) => o.usage.length));
  const synopsis = opts.map((o) => (o.required ? o.usage : `[${o.usage}]`)).join(' ');
  return [
    `Usage: npm run cli -- ${command.name} ${synopsis}`.trimEnd(),
    '',
    command.summary,
    ...(opts.length
      ? [
          '',
          'Options:',
          ...opts.map((o) => `  ${o.usage.padEnd(width)}  ${o.description}${o.required ? ' (required)' : ''}`),
        ]
      : []),
  ].join('\n');
}
