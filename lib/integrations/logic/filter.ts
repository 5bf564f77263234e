import { z } from 'zod';
import { defineStep } from '../define';

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
        left: z.string({ message: 'Value is required' }).meta({ label: 'Value' }),
        op: z.enum(filterOperators).meta({ label: 'Condition' }),
        right: z.string().optional().meta({ label: 'Compare with' }),
      }),
    )
    .min(1, 'Add at least one condition'),
  match: z.enum(['all', 'any']).default('all'),
});

export const filter = defineStep({
  type: 'filter',
  label: 'Only continue if…',
  description: 'Stops this branch unless the conditions hold.',
  icon: 'filter',
  category: 'logic',
  schema: filterConfig,
  idBase: 'filter',
});
