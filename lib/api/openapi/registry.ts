import type { z } from 'zod';

// Every /api/v1 operation, described with the same zod schemas its route uses.
// The OpenAPI document and the reference page are generated from this list; a
// test checks that it covers every route file under app/api/v1.

export type Operation = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below /api/v1, with {params}. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Success status and what it returns. */
  success: { status: number; description: string; schema?: z.ZodType };
  /** Session-only operations (browser UI) are not available to API keys. */
  sessionOnly?: boolean;
  /** Public operations need no authentication. */
  public?: boolean;
};

const operations: Operation[] = [];

export function defineOperations(ops: Operation[]): void {
  operations.push(...ops);
}

export const allOperations = (): readonly Operation[] => operations;
