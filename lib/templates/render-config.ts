import { hasMarkup, liquid, MAX_OUTPUT_CHARS, parseTemplate, RenderBudget, renderTemplate } from './liquid-engine';

// Every string at any depth of a step's config is a Liquid template over
// `trigger` and `steps.<nodeId>`. Objects and arrays keep their shape (an object
// `body` stays an object), each string rendered on its own.

export type TriggerData = {
  body: unknown;
  query: unknown;
  headers: unknown;
  method: string | null;
  receivedAt: string;
  /** The answers by label, when the trigger names a form source (DESIGN.md "Sources"). */
  fields?: Record<string, string | string[]>;
};

export type TemplateContext = { trigger: TriggerData; steps: Record<string, unknown> };

/** A template that cannot render: names the step, the config field and (when known) the variable. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

export type RenderOptions = {
  nodeId: string;
  /** Steps whose outputs this node may use (the ones that run before it). */
  upstream: ReadonlySet<string>;
  /** Every step of the flow, to tell "no such step" from "runs later". */
  allSteps: ReadonlySet<string>;
  /** Shared by every string of the config; a new one per renderConfig by default. */
  budget?: RenderBudget;
};

/** Renders every string of a step's config within one RenderBudget; throws TemplateError. */
export function renderConfig(config: unknown, ctx: TemplateContext, opts: RenderOptions): unknown {
  return walk(config, '', ctx, { ...opts, budget: opts.budget ?? new RenderBudget() });
}

function walk(value: unknown, field: string, ctx: TemplateContext, opts: RenderOptions): unknown {
  if (typeof value === 'string') return renderString(value, field, ctx, opts);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, join(field, String(i)), ctx, opts));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, join(field, k), ctx, opts)]));
  }
  return value;
}

const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

export function renderString(source: string, field: string, ctx: TemplateContext, opts: RenderOptions): unknown {
  if (!hasMarkup(source)) return source;
  const where = `Step "${opts.nodeId}", field "${field || 'config'}"`;
  let parsed;
  try {
    parsed = parseTemplate(source);
  } catch (err) {
    throw new TemplateError(`${where}: ${describeLiquidError(err)}`, field);
  }
  checkVariables(parsed, where, field, opts);
  const budget = opts.budget ?? new RenderBudget();
  let out: unknown;
  try {
    out = renderTemplate(parsed, ctx, budget);
  } catch (err) {
    throw new TemplateError(`${where}: ${budget.exceeded ?? describeLiquidError(err)}`, field);
  }
  if (out === null || out === undefined) return '';
  if (typeof out === 'string') {
    if (out.length > MAX_OUTPUT_CHARS)
      throw new TemplateError(`${where}: the result is over ${MAX_OUTPUT_CHARS} characters`, field);
    return out;
  }
  if (typeof out === 'object') {
    // The whole value is one variable holding an object or list: keep it as is.
    if (JSON.stringify(out).length > MAX_OUTPUT_CHARS) {
      throw new TemplateError(`${where}: the result is over ${MAX_OUTPUT_CHARS} characters`, field);
    }
    return out;
  }
  return String(out);
}

type Segments = ReturnType<typeof liquid.globalVariableSegmentsSync>;
/** The variables a parsed template uses, found once per template (parses are cached too). */
const segmentsOf = new WeakMap<ReturnType<typeof parseTemplate>, Segments | null>();

function variableSegments(parsed: ReturnType<typeof parseTemplate>): Segments | null {
  let segments = segmentsOf.get(parsed);
  if (segments === undefined) {
    try {
      segments = liquid.globalVariableSegmentsSync(parsed);
    } catch {
      segments = null; // static analysis is a convenience; rendering still applies every limit
    }
    segmentsOf.set(parsed, segments);
  }
  return segments;
}

function checkVariables(parsed: ReturnType<typeof parseTemplate>, where: string, field: string, opts: RenderOptions) {
  for (const seg of variableSegments(parsed) ?? []) {
    const [root, second] = seg;
    const name = seg.filter((s) => typeof s === 'string' || typeof s === 'number').join('.');
    if (root === 'trigger') continue;
    if (root === 'steps') {
      if (typeof second !== 'string') continue;
      if (!opts.allSteps.has(second)) {
        throw new TemplateError(
          `${where}: "${name}" refers to a step "${second}" that this flow does not have`,
          field,
          name,
        );
      }
      if (!opts.upstream.has(second)) {
        throw new TemplateError(
          `${where}: "${name}" uses step "${second}", which does not run before this step`,
          field,
          name,
        );
      }
      continue;
    }
    throw new TemplateError(
      `${where}: unknown variable "${name}" (values come from trigger.body…, trigger.query…, trigger.headers… or steps.<step id>…)`,
      field,
      name,
    );
  }
}

function describeLiquidError(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  const filter = /undefined filter:?\s*"?([\w-]+)"?/i.exec(message);
  if (filter) return `unknown filter "${filter[1]}"`;
  // liquidjs appends the template position ("line:1, col:5"); keep the first line.
  return `template error: ${message.split('\n')[0]}`;
}
