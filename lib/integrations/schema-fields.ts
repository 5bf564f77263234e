import type { z } from 'zod';
import type { FieldMeta } from './define';

// Browser-safe: the one walker over zod 4 schemas and their `.meta()`. It
// describes the form to draw for a step's config (components/flows/editor) and a
// connection's settings (components/connections), so the schema stays the
// single source of truth: the API validates with it and the forms render from
// it, labels and hints included, and a new field shows up in both at once.

export type FieldSpec =
  | { kind: 'text' }
  | { kind: 'number'; integer: boolean }
  | { kind: 'boolean' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'connection' }
  /** A string or a list of strings (e.g. tags): edited as comma-separated text. */
  | { kind: 'textOrList' }
  /** Anything free-form (e.g. an HTTP body): text, or JSON when it parses as an object. */
  | { kind: 'freeform' }
  | { kind: 'record' }
  | { kind: 'list'; item: FieldSpec }
  | { kind: 'object'; fields: ObjectField[] }
  | { kind: 'variant'; discriminator: string; options: { value: string; label: string; fields: ObjectField[] }[] };

export type ObjectField = {
  key: string;
  label: string;
  hint?: string;
  placeholder?: string;
  multiline?: boolean;
  secret?: boolean;
  required: boolean;
  defaultValue?: unknown;
  spec: FieldSpec;
};

type Def = { type: string; [k: string]: any };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const acronyms: Record<string, string> = { url: 'URL', html: 'HTML', id: 'ID', ms: '(ms)', sms: 'SMS' };

/** A label from the key, for fields whose schema gives none (`.meta({ label })`). */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/);
  const text = words.map((w) => acronyms[w.toLowerCase()] ?? w.toLowerCase()).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The `.meta()` of a schema (zod's global registry), if any. */
export const metaOf = (s: z.ZodType): FieldMeta =>
  ((s as unknown as { meta?: () => FieldMeta | undefined }).meta?.() ?? {}) as FieldMeta;

/** Removes optional/default/nullable wrappers; says whether the field may be left out. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean; defaultValue?: unknown; meta: FieldMeta } {
  let s = schema;
  let optional = false;
  let defaultValue: unknown;
  let meta: FieldMeta = {};
  for (;;) {
    // The outermost `.meta()` wins: `tpl('X').meta({...})` and a wrapper's own.
    meta = { ...metaOf(s), ...meta };
    const def = defOf(s);
    if (def.type === 'optional' || def.type === 'nullable') optional = true;
    else if (def.type === 'default' || def.type === 'prefault') {
      optional = true;
      defaultValue = typeof def.defaultValue === 'function' ? def.defaultValue() : def.defaultValue;
    } else if (def.type === 'pipe') {
      s = def.in;
      continue;
    } else return { inner: s, optional, defaultValue, meta };
    s = def.innerType;
  }
}

function objectFields(schema: z.ZodType): ObjectField[] {
  const shape = defOf(schema).shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([key, child]) => {
    const { inner, optional, defaultValue, meta } = unwrap(child);
    return {
      key,
      label: meta.label ?? humanize(key),
      hint: meta.hint,
      placeholder: meta.placeholder,
      multiline: meta.multiline,
      secret: meta.secret,
      required: !optional,
      defaultValue,
      spec: describe(inner, key),
    };
  });
}

export function describe(schema: z.ZodType, key = ''): FieldSpec {
  const { inner } = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'string':
      return key === 'connection' ? { kind: 'connection' } : { kind: 'text' };
    case 'number':
    case 'int':
      return { kind: 'number', integer: (def.checks ?? []).some((c: any) => c._zod?.def?.format === 'safeint') };
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'enum', options: Object.values(def.entries as Record<string, string>) };
    case 'literal':
      return { kind: 'enum', options: (def.values as unknown[]).map(String) };
    case 'object':
      return { kind: 'object', fields: objectFields(inner) };
    case 'record':
      return defOf(unwrap(def.valueType).inner).type === 'string' ? { kind: 'record' } : { kind: 'freeform' };
    case 'array':
      return { kind: 'list', item: describe(def.element) };
    case 'union': {
      if (def.discriminator) {
        const discriminator = def.discriminator as string;
        return {
          kind: 'variant',
          discriminator,
          options: (def.options as z.ZodType[]).map((o) => {
            const fields = objectFields(o);
            const lit = fields.find((f) => f.key === discriminator);
            const value = lit && lit.spec.kind === 'enum' ? lit.spec.options[0]! : '';
            return {
              value,
              label: metaOf(o).choiceLabel ?? value,
              fields: fields.filter((f) => f.key !== discriminator),
            };
          }),
        };
      }
      const kinds = (def.options as z.ZodType[]).map((o) => defOf(unwrap(o).inner).type);
      if (kinds.every((k) => k === 'string' || k === 'array') && kinds.includes('string')) {
        return (def.options as z.ZodType[]).every((o) => {
          const d = defOf(unwrap(o).inner);
          return d.type === 'string' || defOf(d.element).type === 'string';
        })
          ? { kind: 'textOrList' }
          : { kind: 'freeform' };
      }
      return { kind: 'freeform' };
    }
    default:
      return { kind: 'freeform' };
  }
}

/** The top-level fields of a step's config form. */
export function formFields(schema: z.ZodType): ObjectField[] {
  const spec = describe(schema);
  return spec.kind === 'object' ? spec.fields : [];
}

/** Validation messages keyed by dotted path ("signature.secret", "conditions.0.left"). */
export function fieldErrors(schema: z.ZodType, config: unknown): Record<string, string> {
  const parsed = schema.safeParse(config ?? {});
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    out[path] ??= issue.message;
  }
  return out;
}

/** Keys (at any depth) whose field says `.meta({ secret: true })`. */
export function secretKeysOf(schema: z.ZodType): string[] {
  const out: string[] = [];
  const walk = (fields: ObjectField[]) => {
    for (const f of fields) {
      if (f.secret) out.push(f.key);
      if (f.spec.kind === 'object') walk(f.spec.fields);
      if (f.spec.kind === 'variant') for (const o of f.spec.options) walk(o.fields);
    }
  };
  walk(formFields(schema));
  return out;
}
