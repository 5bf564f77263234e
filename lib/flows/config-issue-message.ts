import type { z } from 'zod';

// A step config problem in words a non-programmer can act on. A schema that
// states its own message ("To is required", "Choose a connection") keeps it;
// zod's defaults ("Too small: expected number to be >=100") are rephrased.
// The message does not name the field: the editor shows it next to the field
// and prefixes the field's label where it stands alone.

const zodDefault = /^(Invalid input|Invalid option|Invalid|Too (big|small)|Unrecognized key)/;

const isMissing = (value: unknown) => value === undefined || value === null || value === '';

/** The value at a zod issue path inside `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export function configIssueMessage(issue: z.core.$ZodIssue, config: unknown): string {
  if (!zodDefault.test(issue.message)) return issue.message;
  const value = valueAt(config, issue.path);
  const i = issue as z.core.$ZodIssue & {
    expected?: string;
    origin?: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    format?: string;
    values?: unknown[];
    keys?: string[];
  };
  switch (i.code) {
    case 'invalid_type':
      if (isMissing(value)) return 'This is required.';
      if (i.expected === 'number') return 'Enter a number.';
      if (i.expected === 'string') return 'Enter text here.';
      if (i.expected === 'boolean') return 'Tick or untick this box.';
      return 'This setting has the wrong shape: set it again in the editor.';
    case 'too_small':
      if (i.origin === 'string')
        return Number(i.minimum) <= 1 ? 'This is required.' : `Use at least ${i.minimum} characters.`;
      if (i.origin === 'array') return Number(i.minimum) <= 1 ? 'Add at least one.' : `Add at least ${i.minimum}.`;
      return `Use ${i.minimum} or more.`;
    case 'too_big':
      if (i.origin === 'string') return `Use at most ${i.maximum} characters.`;
      if (i.origin === 'array') return `Use at most ${i.maximum}.`;
      return `Use ${i.maximum} or less.`;
    case 'invalid_format':
      if (isMissing(value)) return 'This is required.';
      if (i.format === 'url') return 'Enter a full web address, starting with https://';
      if (i.format === 'email') return 'Enter an email address, like name@example.com.';
      if (i.format === 'uuid') return 'Choose one from the list.';
      return 'This is not in the expected format.';
    case 'invalid_value':
      if (isMissing(value)) return 'Choose one.';
      return `Choose one of: ${(i.values ?? []).map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `Remove the unknown setting${(i.keys ?? []).length === 1 ? '' : 's'} ${(i.keys ?? []).map((k) => `“${k}”`).join(', ')}.`;
    default:
      return isMissing(value) ? 'This is required.' : 'This value is not valid here.';
  }
}
