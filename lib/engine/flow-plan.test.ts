import { describe, expect, it } from 'vitest';
import { buildPlan } from './flow-plan';

describe('buildPlan', () => {
  it('orders parents before children and knows what runs before each step', () => {
    const plan = buildPlan({
      nodes: [
        { id: 'join', type: 'http.request', config: {} },
        { id: 'b', type: 'http.request', config: {} },
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        { id: 'a', type: 'http.request', config: {} },
      ],
      edges: [
        { source: 'trigger', target: 'a' },
        { source: 'trigger', target: 'b' },
        { source: 'a', target: 'join' },
        { source: 'b', target: 'join' },
      ],
    });
    const order = plan.order.map((n) => n.id);
    expect(order.indexOf('join')).toBe(2);
    expect([...plan.upstream.get('join')!].sort()).toEqual(['a', 'b', 'trigger']);
    expect(plan.parents.get('join')).toEqual(['a', 'b']);
  });
});
