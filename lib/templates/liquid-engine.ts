import { Liquid, type Template } from 'liquidjs';

// One Liquid engine for every step config. Liquid runs no JavaScript; on top of
// that: unknown filters are errors, only own properties are visible (no
// `constructor`/`__proto__` walking), partials cannot read files, and parse
// size, render time and memory are bounded so a template cannot stall a worker.

export const MAX_TEMPLATE_CHARS = 100_000;
export const MAX_OUTPUT_CHARS = 1_000_000;

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
  renderLimit: 1_000,
  memoryLimit: 50_000_000,
  timezoneOffset: 0,
});

const cache = new Map<string, Template[]>();
const CACHE_MAX = 5_000;

/** Parses once per distinct source (configs repeat across runs). Throws liquidjs errors. */
export function parseTemplate(source: string): Template[] {
  let parsed = cache.get(source);
  if (!parsed) {
    parsed = liquid.parse(source);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(source, parsed);
  }
  return parsed;
}

/** True when the string has Liquid markup at all; plain strings skip the engine. */
export const hasMarkup = (s: string) => s.includes('{{') || s.includes('{%');
