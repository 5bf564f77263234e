import { z } from 'zod';

// Config values are Liquid templates until run time ("{{ trigger.body.email }}"),
// so schemas check shape here and executors check resolved values.
export const tpl = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, `${label} is required`);
export const optionalTpl = () => z.string().optional();
export const connectionRef = () => z.string({ message: 'Choose a connection' }).uuid('Choose a connection');
export const stringMap = () => z.record(z.string(), z.string()).optional();
