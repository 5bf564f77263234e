// One check for ids taken from URLs and bodies: a malformed id answers 404 (or
// is skipped) before any query, like an id of another workspace.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
