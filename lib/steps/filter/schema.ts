import { z } from 'zod';
import type { StepDefinition } from '../types';

export const filterOperators = [
  'equals',
  'notEquals',
  'contains',
  'notContains',
  'startsWith',
  'endsWith',
  'greaterThan',
  'lessThan',
  'isEmpty',
  'isNotEmpty',
  'isEmail',
] as const;

export const filterConfig = z.object({
  conditions: z
    .array(
      z.object({
        left: z.string({ message: 'Value is required' }),
        op: z.enum(filterOperators),
        right: z.string().optional(),
      }),
    )
    .min(1, 'Add at least one condition'),
  match: z.enum(['all', 'any']).default('all'),
});

export const filter: StepDefinition<typeof filterConfig> = {
  type: 'filter',
  label: 'Only continue if…',
  description: 'Stops this branch unless the conditions hold.',
  icon: 'filter',
  category: 'logic',
  configSchema: filterConfig,
  sideEffect: false,
};
