import { describe, expect, it } from 'vitest';
import { UsageError } from './command';
import { parseArgs } from './parse-args';

const spec = {
  email: { usage: '--email E', description: 'email', required: true },
  name: { usage: '--name N', description: 'name' },
  json: { usage: '--json', description: 'json', flag: true },
};

describe('parseArgs', () => {
  it('reads --name value, --name=value and flags', () => {
    expect(parseArgs(['--email', 'a@b.c', '--name=Ann Lee', '--json'], spec)).toEqual({
      options: { email: 'a@b.c', name: 'Ann Lee', json: true },
      positionals: [],
    });
  });

  it('refuses unknown options, missing values and missing required options', () => {
    expect(() => parseArgs(['--email', 'a@b.c', '--nope', 'x'], spec)).toThrow(new UsageError('unknown option --nope'));
    expect(() => parseArgs(['--email'], spec)).toThrow('--email needs a value');
    expect(() => parseArgs(['--email', '--name', 'x'], spec)).toThrow('--email needs a value');
    expect(() => parseArgs(['--name', 'x'], spec)).toThrow('--email is required');
    expect(() => parseArgs(['--email', 'a@b.c', '--json=1'], spec)).toThrow('--json takes no value');
  });
});
