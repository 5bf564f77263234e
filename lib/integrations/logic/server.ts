import { defineAppServer, defineControl } from '../define-server';
import { logicApp } from './app';
import { delay, delaySeconds } from './delay';
import { evaluateFilter } from './evaluate-filter';
import { filter, filterConfig } from './filter';

// The control steps: they decide what runs next and when, and call nothing.

const filterControl = defineControl(filter, {
  // Rendered values are compared as they are (a template may give a list), so
  // the shape is checked on the config as written.
  unparsed: true,
  decide({ config, rawConfig }) {
    const shape = filterConfig.safeParse(rawConfig ?? {});
    if (!shape.success) throw new Error(shape.error.issues[0]!.message);
    const rendered = config as { conditions: { left: unknown; op: string; right?: unknown }[] };
    const output = evaluateFilter({ ...shape.data, conditions: rendered.conditions as never });
    return { outcome: 'done', output };
  },
  lets: (output) => (output as { passed?: boolean } | null)?.passed !== false,
});

const delayControl = defineControl(delay, {
  decide({ config, now, resumed }) {
    if (resumed) return { outcome: 'done', output: { resumedAt: now.toISOString() } };
    return { outcome: 'wait', until: new Date(now.getTime() + delaySeconds(config) * 1000) };
  },
});

export const logicServer = defineAppServer(logicApp, { controls: [filterControl, delayControl] });
