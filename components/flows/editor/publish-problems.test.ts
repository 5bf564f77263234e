import { describe, expect, it } from 'vitest';
import { arrange, changedKeys, fieldLabel, problemsFrom, withoutEdited } from './publish-problems';

describe('publish problems in the editor', () => {
  const problems = problemsFrom([
    { path: 'graph.nodes', message: 'The flow needs a Webhook trigger' },
    { path: 'graph.nodes.1.config.to', nodeId: 'ack', field: 'to', message: 'To is required' },
    { path: 'graph.nodes.1.config.headers.X-Id', nodeId: 'call', message: 'A “{{” is never closed.' },
    { path: 'graph.nodes.2', nodeId: 'lost', message: 'This step is not connected to the trigger.' },
  ]);
  const types = { ack: 'email.send', call: 'http.request', lost: 'delay' };

  it('places each problem on its node, next to its field (and the field’s group), or in the flow’s list', () => {
    const issues = arrange(problems, types);
    expect(issues.general).toEqual(['The flow needs a Webhook trigger']);
    expect(issues.byNode).toEqual({
      ack: ['To is required'],
      call: ['Headers › X-Id: A “{{” is never closed.'],
      lost: ['This step is not connected to the trigger.'],
    });
    // A field named only in the path (older servers) is still placed.
    expect(issues.fields.call).toEqual({
      headers: 'A “{{” is never closed.',
      'headers.X-Id': 'A “{{” is never closed.',
    });
    expect(issues.nodeOnly).toEqual({ lost: ['This step is not connected to the trigger.'] });
  });

  it('labels fields as the form does', () => {
    expect(fieldLabel('email.send', 'text')).toBe('Message');
    expect(fieldLabel('filter', 'conditions.0.left')).toBe('Conditions #1 › Value');
    expect(fieldLabel(undefined, 'a.b')).toBe('a › b');
  });

  it('an edited field loses its mark; the others stay until the next publish', () => {
    const left = withoutEdited(
      problems,
      'call',
      changedKeys({ headers: { 'X-Id': '{{' } }, { headers: { 'X-Id': '{{ x }}' } }),
    );
    expect(left.map((p) => p.nodeId)).toEqual([undefined, 'ack', 'lost']);
    expect(withoutEdited(problems, 'lost', ['seconds'])).toHaveLength(4);
    expect(withoutEdited(problems, 'lost', 'all')).toHaveLength(3);
  });
});
