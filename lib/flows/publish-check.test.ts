import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowGraph, FlowNode } from './graph';
import { publishError, publishProblems } from './publish-check';
import { flowTemplates } from './templates';
import { syntaxMessage } from './template-issues';
import { liquid } from '../templates/liquid-engine';

const CONNECTION = '0190a0b0-0000-7000-8000-000000000001';
const trigger: FlowNode = { id: 'trigger', type: 'trigger.webhook', config: {} };
const lead = (config: Record<string, unknown>, id = 'lead'): FlowNode => ({
  id,
  type: 'crm.upsertContact',
  label: 'Save the lead',
  config,
});
const email = (config: Record<string, unknown>): FlowNode => ({
  id: 'ack',
  type: 'email.send',
  label: 'Thank the customer',
  config: { connection: CONNECTION, to: '{{ trigger.body.email }}', subject: 'Thanks', text: 'Hi', ...config },
});

describe('publish check', () => {
  it('a flow that can run has no problems', () => {
    const graph: FlowGraph = {
      nodes: [
        trigger,
        lead({ email: '{{ trigger.body.email | downcase }}', name: '{{ trigger.body.name }}' }),
        email({
          text: 'Contact {{ steps.lead.contactId }}{% if trigger.body.name %} for {{ trigger.body.name }}{% endif %}',
        }),
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'ack' },
      ],
    };
    expect(publishProblems(graph)).toEqual([]);
  });

  it('reports every problem at once, each on its node and field, in plain words', () => {
    const graph: FlowGraph = {
      nodes: [
        trigger,
        // Needs the email step's result, which comes later; the name template is never closed.
        lead({ email: '{{ steps.ack.messageId }}', name: 'Dear {{ trigger.body.name' }),
        // Names a step that does not exist; "to" is empty; a misspelt filter.
        email({ to: '', subject: '{{ steps.nope.x }}', text: '{{ trigger.body.name | upcasee }}' }),
        { id: 'island', type: 'delay', config: { seconds: 5 } },
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'ack' },
      ],
    };
    const problems = publishProblems(graph);
    const at = (nodeId: string, field?: string) =>
      problems.filter((p) => p.nodeId === nodeId && p.field === field).map((p) => p.message);
    expect(at('lead', 'email')).toEqual([expect.stringContaining('runs after this step')]);
    expect(at('lead', 'name')).toEqual([
      expect.stringMatching(/“\{\{” is never closed: add “\}\}” after “trigger.body.name”/),
    ]);
    expect(at('ack', 'to')).toEqual(['To is required']);
    expect(at('ack', 'subject')).toEqual([expect.stringContaining('step “nope” that this flow does not have')]);
    expect(at('ack', 'text')).toEqual([expect.stringContaining('“upcasee” is not a filter')]);
    expect(at('island')).toEqual([expect.stringContaining('not connected to the trigger')]);
    expect(problems).toHaveLength(6);
    // Paths keep the save check's form; messages carry no liquidjs positions.
    expect(problems.find((p) => p.field === 'to')!.path).toBe('nodes.2.config.to');
    expect(problems.every((p) => !/line:\d|col:\d/.test(p.message))).toBe(true);
    // In the flow's order.
    expect(problems.map((p) => p.nodeId)).toEqual(['lead', 'lead', 'ack', 'ack', 'ack', 'island']);

    const err = publishError(graph, problems);
    expect(err.status).toBe(400);
    expect(err.toJSON().error.details).toContainEqual({
      path: 'graph.nodes.2.config.to',
      nodeId: 'ack',
      field: 'to',
      message: 'To is required',
    });
    expect(err.message).toMatch(/^The flow cannot be published: 6 problems\. First: Save the lead \(email\): /);
  });

  it('tells a step on another branch from one that runs later, and names nested fields', () => {
    const graph: FlowGraph = {
      nodes: [
        trigger,
        lead({ email: '{{ trigger.body.email }}' }),
        {
          id: 'call',
          type: 'http.request',
          config: { method: 'POST', url: 'https://example.com', headers: { 'X-Lead': '{{ steps.lead.contactId }}' } },
        },
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'trigger', target: 'call' },
      ],
    };
    expect(publishProblems(graph)).toEqual([
      expect.objectContaining({
        nodeId: 'call',
        field: 'headers.X-Lead',
        message: expect.stringContaining('on another branch'),
      }),
    ]);
  });

  it('checks the graph’s shape even when steps’ settings are incomplete', () => {
    const graph: FlowGraph = {
      nodes: [trigger, lead({}), lead({ email: 'a@b.c' }, 'again')],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'again' },
        { source: 'again', target: 'lead' },
      ],
    };
    const messages = publishProblems(graph).map((p) => `${p.nodeId}/${p.field ?? ''}: ${p.message}`);
    expect(messages).toEqual([expect.stringMatching(/^lead\/email: Email is required/), expect.stringMatching(/loop/)]);
  });

  it('rephrases zod’s default messages and keeps the schemas’ own', () => {
    const graph: FlowGraph = {
      nodes: [
        trigger,
        { id: 'call', type: 'http.request', config: { method: 'FETCH', url: 'https://x.test', timeoutMs: 5 } },
        { id: 'wait', type: 'delay', config: {} },
      ],
      edges: [
        { source: 'trigger', target: 'call' },
        { source: 'call', target: 'wait' },
      ],
    };
    const byField = Object.fromEntries(publishProblems(graph).map((p) => [`${p.nodeId}.${p.field}`, p.message]));
    expect(byField['call.method']).toMatch(/^Choose one of: GET, POST/);
    expect(byField['call.timeoutMs']).toBe('Use 100 or more.');
    expect(byField['wait.seconds']).toBe('Set how long to wait');
  });

  it('the starting templates only lack their connection', () => {
    for (const t of flowTemplates) {
      const problems = publishProblems(t.graph);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.field === 'connection')).toBe(true);
    }
  });
});

/** A random DAG: node i may only have parents among 0..i-1 (0 is the trigger), each reached from the trigger. */
const dag = fc
  .integer({ min: 1, max: 7 })
  .chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.array(fc.tuple(fc.nat(), fc.array(fc.nat(), { maxLength: 2 })), { minLength: n, maxLength: n }),
    ),
  );

function build(n: number, parentsSpec: [number, number[]][]) {
  const ids = ['trigger', ...Array.from({ length: n }, (_, i) => `s${i + 1}`)];
  const parents = new Map<string, Set<string>>();
  const edges: FlowGraph['edges'] = [];
  parentsSpec.forEach(([first, more], k) => {
    const i = k + 1;
    const ps = new Set([first % i, ...more.map((m) => m % i)].map((p) => ids[p]!));
    parents.set(ids[i]!, ps);
    for (const p of ps) edges.push({ source: p, target: ids[i]! });
  });
  // The oracle: ancestors by walking parents (independent of the checker's own walk).
  const ancestors = (id: string): Set<string> => {
    const out = new Set<string>();
    for (const p of parents.get(id) ?? []) {
      out.add(p);
      for (const a of ancestors(p)) out.add(a);
    }
    return out;
  };
  return { ids, edges, ancestors };
}

describe('publish check, for any flow shape', () => {
  it('accepts references to earlier steps and flags each reference to any other step on its node and field', () => {
    fc.assert(
      fc.property(dag, fc.nat(), fc.nat(), ([n, spec], pickNode, pickRef) => {
        const { ids, edges, ancestors } = build(n, spec);
        const steps = ids.slice(1);
        const node = steps[pickNode % steps.length]!;
        const ref = steps[pickRef % steps.length]!;
        const nodes: FlowNode[] = [
          trigger,
          ...steps.map((id) => {
            const earlier = [...ancestors(id)].filter((a) => a !== 'trigger');
            const name = earlier.length ? `{{ steps.${earlier[0]}.contactId }}` : '{{ trigger.body.name }}';
            return lead(
              {
                email: '{{ trigger.body.email }}',
                name,
                ...(id === node ? { company: `{{ steps.${ref}.created }}` } : {}),
              },
              id,
            );
          }),
        ];
        const problems = publishProblems({ nodes, edges });
        if (ancestors(node).has(ref)) {
          expect(problems).toEqual([]);
        } else {
          expect(problems).toHaveLength(1);
          expect(problems[0]).toMatchObject({ nodeId: node, field: 'company' });
          const later = ancestors(ref).has(node);
          expect(problems[0]!.message).toContain(
            ref === node ? 'own result' : later ? 'runs after this step' : 'on another branch',
          );
        }
      }),
    );
  });

  it('any string: the check never throws, and a template that does not parse gets one plain message', () => {
    const liquidish = fc
      .array(fc.constantFrom('{{', '}}', '{%', '%}', ' if ', ' endif ', 'trigger.body.x', '|', ' upcase ', 'x', ' '), {
        maxLength: 12,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(liquidish, fc.string()), (text) => {
        const graph: FlowGraph = {
          nodes: [trigger, lead({ email: 'a@b.c', name: text })],
          edges: [{ source: 'trigger', target: 'lead' }],
        };
        const problems = publishProblems(graph);
        let parses = true;
        try {
          liquid.parse(text);
        } catch {
          parses = false;
        }
        if (!parses) {
          expect(problems).toHaveLength(1);
          expect(problems[0]).toMatchObject({ nodeId: 'lead', field: 'name' });
          expect(problems[0]!.message).not.toMatch(/line:\d+, col:\d+/);
        }
        for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
      }),
    );
  });

  it('rephrases each kind of syntax error', () => {
    const msg = (s: string) => {
      try {
        liquid.parse(s);
      } catch (err) {
        return syntaxMessage(err);
      }
      throw new Error(`parsed: ${s}`);
    };
    expect(msg('{% if trigger.body.x %}yes')).toBe(
      'The “{% if trigger.body.x %}” block is never closed: add “{% endif %}” where it should end.',
    );
    expect(msg('{% endif %}')).toMatch(/closes a block that was never opened/);
    expect(msg('{% shout %}')).toMatch(/“\{% shout %\}” is not a tag/);
    expect(msg('{{ }}')).toMatch(/empty “\{\{ \}\}”/);
    expect(msg('{% if x')).toMatch(/“\{%” is never closed/);
  });
});
