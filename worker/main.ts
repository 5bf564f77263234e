// Worker process entry: `npm run start:worker` (any number of them).
import { installSafetyNet } from '../lib/boot/safety-net';
import { jobContext } from '../lib/worker/job-context';
import { startWorker } from '../lib/worker/start-worker';

// Logs stray errors with the job they came from; exits on an uncaught exception (see safety-net.ts).
installSafetyNet('worker', () => jobContext.getStore());
await startWorker();
