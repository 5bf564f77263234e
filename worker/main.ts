// Worker process entry: `npm run start:worker` (any number of them).
import { startWorker } from '../lib/worker/start-worker';

await startWorker();
