import { defineApp } from '../define';
import { delay } from './delay';
import { filter } from './filter';

// Control steps: they steer the run (lib/integrations/logic/server.ts) rather than call anything.
export const logicApp = defineApp({
  id: 'logic',
  name: 'Logic',
  icon: 'filter',
  steps: [filter, delay],
});
