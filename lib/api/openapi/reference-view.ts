// Turns the OpenAPI document into what the in-app API reference shows:
// operations grouped by tag, and JSON schemas flattened into field rows
// ("graph.nodes[].id", type, required, notes) that read well as a table.

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
};

export type FieldRow = { name: string; type: string; required: boolean; notes: string };
export type ParameterRow = FieldRow & { in: string };
export type ResponseView = { status: string; description: string; fields: FieldRow[] | null };
export type OperationView = {
  anchor: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  auth: 'api-key' | 'session' | 'public';
  parameters: ParameterRow[];
  body: FieldRow[] | null;
  responses: ResponseView[];
};
export type TagGroup = { tag: string; anchor: string; operations: OperationView[] };

type Doc = {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];
/** Deeper structures (a step's config inside a graph) are summed up, not unrolled. */
const MAX_DEPTH = 4;

export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** One word or short phrase per schema: "string (uuid)", "integer", "object[]", `"a" | "b"`. */
export function typeLabel(s: Schema): string {
  if (s.$ref) return s.$ref.split('/').pop()!;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    const labels = variants.map(typeLabel);
    return [...new Set(labels)].join(' | ');
  }
  if (s.allOf?.length === 1) return typeLabel(s.allOf[0]!);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return 'any';
  return types
    .map((t) => {
      if (t === 'array') return s.items ? `${wrap(typeLabel(s.items))}[]` : 'array';
      if (t === 'string' && s.format) return `string (${s.format})`;
      if (t === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
        return `map of ${typeLabel(s.additionalProperties)}`;
      }
      return t;
    })
    .join(' | ');
}

const wrap = (label: string) => (label.includes(' | ') ? `(${label})` : label);

function notes(s: Schema): string {
  const out: string[] = [];
  if (s.description) out.push(s.description);
  if (s.minLength === 1) out.push('not empty');
  else if (s.minLength !== undefined && s.minLength > 1) out.push(`at least ${s.minLength} characters`);
  if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  // zod bounds every integer to the safe range; only real limits are worth a note.
  if (s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER) out.push(`minimum ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) out.push(`maximum ${s.maximum}`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join('; ');
}

/** The nullable wrapper zod emits (anyOf [X, null]) reads better as X with "or null". */
function unwrapNullable(s: Schema): { schema: Schema; nullable: boolean } {
  const variants = s.anyOf ?? s.oneOf;
  if (variants?.length === 2 && variants.some((v) => v.type === 'null')) {
    const inner = variants.find((v) => v.type !== 'null')!;
    return {
      schema: { ...inner, description: s.description ?? inner.description, default: s.default ?? inner.default },
      nullable: true,
    };
  }
  return { schema: s, nullable: false };
}

/** An object schema's fields as rows; nested objects and arrays of objects are unrolled with dotted names. */
export function flattenSchema(root: Schema, prefix = '', depth = 0): FieldRow[] {
  const rows: FieldRow[] = [];
  const objectOf = (s: Schema) => (s.properties ? s : s.allOf?.length === 1 ? s.allOf[0]! : null);
  const obj = objectOf(root);
  if (!obj?.properties) return rows;
  for (const [name, raw] of Object.entries(obj.properties)) {
    const { schema, nullable } = unwrapNullable(raw);
    const path = `${prefix}${name}`;
    rows.push({
      name: path,
      type: typeLabel(schema) + (nullable ? ' | null' : ''),
      required: obj.required?.includes(name) ?? false,
      notes: notes(schema),
    });
    if (depth + 1 >= MAX_DEPTH) continue;
    if (schema.properties) rows.push(...flattenSchema(schema, `${path}.`, depth + 1));
    else if (schema.items?.properties) rows.push(...flattenSchema(schema.items, `${path}[].`, depth + 1));
  }
  return rows;
}

function schemaFields(content: unknown): FieldRow[] | null {
  const schema = (content as { 'application/json'?: { schema?: Schema } } | undefined)?.['application/json']?.schema;
  if (!schema) return null;
  const rows = flattenSchema(schema);
  // A body that is not an object (a bare array, a string) still gets one row.
  return rows.length ? rows : [{ name: '(body)', type: typeLabel(schema), required: true, notes: notes(schema) }];
}

export function referenceView(doc: Doc): TagGroup[] {
  const groups = new Map<string, OperationView[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of METHOD_ORDER) {
      const op = methods[method] as
        | {
            tags?: string[];
            summary?: string;
            description?: string;
            security?: Record<string, unknown>[];
            parameters?: { name: string; in: string; required?: boolean; schema?: Schema; description?: string }[];
            requestBody?: { content?: unknown };
            responses?: Record<string, { description?: string; content?: unknown }>;
          }
        | undefined;
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      const auth =
        op.security?.length === 0 ? 'public' : op.security?.some((s) => 'session' in s) ? 'session' : 'api-key';
      const view: OperationView = {
        anchor: slug(`${method} ${path}`),
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        description: op.description ?? null,
        auth,
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          type: typeLabel(unwrapNullable(p.schema ?? {}).schema),
          required: p.required ?? false,
          notes: p.description ?? notes(p.schema ?? {}),
        })),
        body: op.requestBody ? schemaFields(op.requestBody.content) : null,
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
          status,
          description: r.description ?? '',
          // Error responses share one documented shape; the success body is the interesting one.
          fields: status.startsWith('2') ? schemaFields(r.content) : null,
        })),
      };
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push(view);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, operations]) => ({ tag, anchor: slug(tag), operations }));
}
