import { stepDefinition, TRIGGER_TYPE } from '../integrations/registry';
import { hasMarkup, liquid, parseTemplate } from '../templates/liquid-engine';
import { adjacency, type FlowGraph, type FlowNode, type GraphIssue } from './graph';

// The Liquid side of publishing: every string at any depth of a step's config
// is a template. Each is parsed (never rendered) and the values it names are
// checked: `trigger.<part>` and `steps.<id>` of a step that runs before this
// one. What a runtime render would fail on with a template error is caught
// here, with a message saying what to do. The trigger's own `response` is
// checked in response-issues.ts.

/** What `trigger` holds when a step runs (lib/engine/acquire-run.ts), plus the sources' fields and contact (sources.ts withFields). */
const TRIGGER_PARTS = ['body', 'query', 'headers', 'method', 'receivedAt', 'fields', 'email', 'name'];

export function templateIssues(graph: FlowGraph): GraphIssue[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const children = adjacency(graph);
  const parentsOf = new Map<string, string[]>();
  for (const e of graph.edges) parentsOf.set(e.target, [...(parentsOf.get(e.target) ?? []), e.source]);
  const issues: GraphIssue[] = [];
  graph.nodes.forEach((node, i) => {
    if (node.type === TRIGGER_TYPE || !stepDefinition(node.type)) return;
    const scope: Scope = {
      node,
      byId,
      upstream: reach(node.id, parentsOf),
      downstream: reach(node.id, children),
    };
    for (const [field, source] of strings(node.config ?? {}, '')) {
      for (const message of checkTemplate(source, scope)) {
        issues.push({ nodeId: node.id, field, path: `nodes.${i}.config.${field}`, message });
      }
    }
  });
  return issues;
}

type Scope = { node: FlowNode; byId: Map<string, FlowNode>; upstream: Set<string>; downstream: Set<string> };

/** Every node reachable from `start` along `next` (start itself excluded unless on a loop). */
function reach(start: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const todo = [...(next.get(start) ?? [])];
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...(next.get(id) ?? []));
  }
  return seen;
}

/** [dotted path, string] for every string with Liquid markup at any depth. */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') {
    if (hasMarkup(value)) yield [path, value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* strings(value[i], path ? `${path}.${i}` : String(i));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
  }
}

const stepName = (n: FlowNode) => n.label ?? stepDefinition(n.type)?.label ?? n.id;

/** The problems of one template string, in plain words (empty when it is fine). */
export function checkTemplate(source: string, scope: Scope): string[] {
  let parsed;
  try {
    parsed = parseTemplate(source);
  } catch (err) {
    return [syntaxMessage(err)];
  }
  let segments: ReturnType<typeof liquid.globalVariableSegmentsSync>;
  try {
    segments = liquid.globalVariableSegmentsSync(parsed);
  } catch {
    return []; // static analysis is a convenience; a run still applies every rule
  }
  const messages = new Set<string>();
  for (const seg of segments) {
    const [root, second] = seg;
    const name = seg.filter((s) => typeof s === 'string' || typeof s === 'number').join('.');
    if (root === 'trigger') {
      if (typeof second === 'string' && !TRIGGER_PARTS.includes(second)) {
        messages.add(
          `“${name}” is not part of the incoming event. Use trigger.body (the form’s fields), trigger.email, trigger.name, trigger.query, trigger.headers, trigger.method or trigger.receivedAt.`,
        );
      }
      continue;
    }
    if (root === 'steps') {
      if (typeof second !== 'string') continue;
      const other = scope.byId.get(second);
      if (!other) {
        messages.add(
          `“${name}” names a step “${second}” that this flow does not have. Pick the value from “Insert variable” instead.`,
        );
      } else if (second === scope.node.id) {
        messages.add(`“${name}” is this step’s own result, which does not exist yet while it runs.`);
      } else if (scope.downstream.has(second)) {
        messages.add(
          `“${name}” comes from “${stepName(other)}”, which runs after this step, so its result is not there yet.`,
        );
      } else if (!scope.upstream.has(second)) {
        messages.add(
          `“${name}” comes from “${stepName(other)}”, which is not before this step (it is on another branch), so its result may not be there. Connect it before this step, or use another value.`,
        );
      }
      continue;
    }
    messages.add(
      `“${name}” is not a value Switchboard knows. Values come from the incoming event (trigger.body…) or from earlier steps (steps.<step id>…).`,
    );
  }
  return [...messages];
}

/** liquidjs's parse errors, rephrased; its position suffix (", line:1, col:4") is dropped. */
export function syntaxMessage(err: unknown): string {
  const raw = ((err as Error)?.message ?? String(err)).split('\n')[0]!.replace(/, line:\d+, col:\d+$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^output "\{\{\s*([\s\S]*?)\s*" not closed/.exec(raw))) {
    return m[1]
      ? `A “{{” is never closed: add “}}” after “${clip(m[1])}”.`
      : 'A “{{” is never closed: add “}}” after the value.';
  }
  if ((m = /^tag "?(\{%[\s\S]*?%\})"? not closed/.exec(raw))) {
    const tag = /^\{%-?\s*(\w+)/.exec(m[1]!)?.[1] ?? '';
    return `The “${clip(m[1]!)}” block is never closed: add “{% end${tag} %}” where it should end.`;
  }
  if (/^tag .* not closed/.test(raw)) {
    return 'A “{%” is never closed: add “%}” after the tag.';
  }
  if ((m = /^tag "(\w+)" not found/.exec(raw))) {
    return m[1]!.startsWith('end')
      ? `“{% ${m[1]} %}” closes a block that was never opened: remove it, or add the opening tag.`
      : `“{% ${m[1]} %}” is not a tag Switchboard knows. Check the spelling.`;
  }
  if ((m = /^undefined filter:?\s*"?([\w-]+)"?/i.exec(raw))) {
    return `“${m[1]}” is not a filter Switchboard knows. Check the spelling after the “|” (for example upcase, downcase, default).`;
  }
  if (/^invalid value expression: ""/.test(raw)) {
    return 'There is an empty “{{ }}”: put a value between the braces, or remove them.';
  }
  return `This template cannot be read (${clip(raw)}). Check the “{{ … }}” and “{% … %}” parts.`;
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);
