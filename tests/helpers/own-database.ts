import { randomBytes } from 'node:crypto';

// Import this first in a test file that runs its own web and worker: it points
// this test process (lib/db is created on import) and the processes it starts
// at a database of their own, so the suite's worker never touches their runs.
const suite = new URL(process.env.DATABASE_URL!);
const name = `sb_own_${randomBytes(4).toString('hex')}`;
const url = new URL(suite);
url.pathname = `/${name}`;
suite.pathname = '';

export const ownDatabase = { url: url.toString(), name, base: suite.toString().replace(/\/$/, '') };
process.env.DATABASE_URL = ownDatabase.url;
