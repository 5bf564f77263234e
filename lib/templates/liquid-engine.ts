import { Context, Drop, Liquid, toValueSync, type Template } from 'liquidjs';

// One Liquid engine for every step config. Liquid runs no JavaScript; on top of
// that: unknown filters are errors, only own properties are visible (no
// `constructor`/`__proto__` walking), partials cannot read files, and parse
// size, render time and memory are bounded so a template cannot stall a worker
// or exhaust a process's memory (see RenderBudget).

export const MAX_TEMPLATE_CHARS = 100_000;
export const MAX_OUTPUT_CHARS = 1_000_000;

/**
 * What rendering one step's config may cost, all of its strings together.
 * `memory` is in liquidjs's units (characters, array items) and also counts
 * every character written out; `allocation` caps a single charge — liquidjs
 * charges a range `(1..n)` before it builds the n-item array, so a huge range
 * is refused before it exists.
 */
export const RENDER_BUDGET = { ms: 250, memory: 10_000_000, allocation: 2_000_000 } as const;
/** How long a render runs before its budget reads the CPU clock. */
const CPU_MARK_MS = 5;

export const liquid = new Liquid({
  strictFilters: true,
  // Missing values render empty: a form that leaves out an optional field
  // should not fail the run. Unknown steps and roots are caught before render.
  strictVariables: false,
  ownPropertyOnly: true,
  // Keeps `{{ steps.fetch.body.items }}` an array when it is the whole value.
  keepOutputType: true,
  // No file system: {% include %}, {% render %} and {% layout %} find nothing.
  templates: {},
  relativeReference: false,
  parseLimit: MAX_TEMPLATE_CHARS,
  // Fallbacks: renderTemplate() enforces RENDER_BUDGET across a whole config.
  renderLimit: RENDER_BUDGET.ms,
  memoryLimit: RENDER_BUDGET.memory,
  timezoneOffset: 0,
});

/** Longest string `parse_json` reads; a webhook body is at most WEBHOOK_MAX_BYTES anyway. */
export const MAX_PARSE_JSON_CHARS = 1_000_000;

/**
 * `{{ trigger.body.rawRequest | parse_json }}`: a value some senders nest as a
 * JSON string (Jotform's rawRequest, a Slack `payload`). The string's length is
 * charged to the render budget first, so a big one cannot dodge it; invalid
 * JSON is a template error naming the filter, not a crash.
 */
liquid.registerFilter('parse_json', function (this: { context: Context }, value: unknown) {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') return value;
  if (value.length > MAX_PARSE_JSON_CHARS) {
    throw new Error(`parse_json: the text is over ${MAX_PARSE_JSON_CHARS.toLocaleString('en-US')} characters`);
  }
  this.context.memoryLimit.use(value.length);
  try {
    return JSON.parse(value) as unknown;
  } catch (err) {
    throw new Error(`parse_json: the value is not valid JSON (${(err as Error).message.slice(0, 120)})`);
  }
});

const cache = new Map<string, Template[]>();
const CACHE_MAX = 5_000;
/** The cache also stays under this many source characters (a parse holds on to its source). */
const CACHE_MAX_CHARS = 10_000_000;
let cachedChars = 0;

/** Parses once per distinct source (configs repeat across runs). Throws liquidjs errors. */
export function parseTemplate(source: string): Template[] {
  let parsed = cache.get(source);
  if (!parsed) {
    parsed = liquid.parse(source);
    while (cache.size && (cache.size >= CACHE_MAX || cachedChars + source.length > CACHE_MAX_CHARS)) {
      const oldest = cache.keys().next().value!;
      cache.delete(oldest);
      cachedChars -= oldest.length;
    }
    cache.set(source, parsed);
    cachedChars += source.length;
  }
  return parsed;
}

/**
 * One step's render budget. liquidjs checks the time at every block it renders
 * (each loop iteration included) and charges memory before it allocates; both
 * checks come here, shared by all strings of the config. Time is wall-clock,
 * confirmed by the process's CPU time before failing, so a render that was
 * only descheduled on a busy machine is not failed for it. The CPU clock is
 * first read once a render has run CPU_MARK_MS (the time before it counts as
 * busy): reading it is a system call, and most renders end long before.
 */
export class RenderBudget {
  /** Set once the budget is exceeded: why (the error liquidjs wraps may say less). */
  exceeded: string | null = null;
  private used = 0;
  private readonly start = performance.now();
  /** The CPU clock at `markedAt`, read once the render has run CPU_MARK_MS. */
  private markCpu: NodeJS.CpuUsage | null = null;
  private markedAt = 0;
  private deadline: number;

  constructor(readonly limits: { ms: number; memory: number; allocation: number } = RENDER_BUDGET) {
    this.deadline = this.start + limits.ms;
  }

  /** liquidjs's memory limiter interface. */
  readonly memoryLimit = {
    use: (count: number) => this.charge(+count),
    check: () => {},
  };

  /** liquidjs's render-time limiter interface (it passes performance.now(); the budget reads its own clocks). */
  readonly renderLimit = {
    use: () => {},
    check: () => this.checkTime(),
  };

  charge(count: number) {
    if (!(count > 0)) return;
    if (count > this.limits.allocation || this.used + count > this.limits.memory) {
      this.fail(
        `it needs more memory than a step may use (at most ${this.limits.memory.toLocaleString('en-US')} characters or items, ${this.limits.allocation.toLocaleString('en-US')} at once)`,
      );
    }
    this.used += count;
  }

  checkTime() {
    const now = performance.now();
    if (!this.markCpu && now - this.start >= CPU_MARK_MS) {
      this.markCpu = process.cpuUsage();
      this.markedAt = now;
    }
    if (now <= this.deadline) return;
    // Before the mark: at most CPU_MARK_MS counted as busy (a render first checked late was descheduled).
    const since = this.markCpu && process.cpuUsage(this.markCpu);
    const cpuMs = since
      ? Math.min(this.markedAt - this.start, CPU_MARK_MS) + (since.user + since.system) / 1000
      : now - this.start;
    // Descheduled rather than busy: the rest of the budget is still there (up to a hard stop).
    if (cpuMs < this.limits.ms && now - this.start < this.limits.ms * 20) {
      this.deadline = now + (this.limits.ms - cpuMs);
      return;
    }
    this.fail(`it took longer than a step's ${this.limits.ms} ms to render`);
  }

  private fail(why: string): never {
    this.exceeded ??= `the template exceeds its budget: ${why}`;
    throw new Error(this.exceeded);
  }
}

/** liquidjs's way of turning a value into output text. */
const toText = (v: unknown): string => {
  const value = v instanceof Drop ? v.valueOf() : v;
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(toText).join('');
  return String(value);
};

/** liquidjs's keepOutputType emitter, charging what it writes to the budget. */
class BudgetEmitter {
  buffer: unknown = '';
  constructor(private readonly budget: RenderBudget) {}
  write(html: unknown) {
    const value = html instanceof Drop ? html.valueOf() : html;
    // A value that is the whole output keeps its type (a list stays a list).
    if (typeof value !== 'string' && this.buffer === '') {
      this.buffer = value;
      return;
    }
    const text = toText(value);
    this.budget.charge(text.length);
    this.buffer = toText(this.buffer) + text;
  }
}

/** Renders a parsed template within `budget` (shared with the config's other strings). Throws liquidjs errors. */
export function renderTemplate(parsed: Template[], scope: object, budget: RenderBudget): unknown {
  // Context takes limiter objects; these are ours, with liquidjs's use/check interface.
  const limits = {
    memoryLimit: budget.memoryLimit,
    renderLimit: budget.renderLimit,
  } as unknown as ConstructorParameters<typeof Context>[3];
  const ctx = new Context(scope, liquid.options, { sync: true }, { liquid, ...limits });
  return toValueSync(liquid.renderer.renderTemplates(parsed, ctx, new BudgetEmitter(budget) as never));
}

/** True when the string has Liquid markup at all; plain strings skip the engine. */
export const hasMarkup = (s: string) => s.includes('{{') || s.includes('{%');
