import { describe, expect, it } from 'vitest';
import { publishIssues } from '../flows/graph';
import { responseTemplateGraphIssues } from '../flows/response-issues';
import { renderResponse, responseSettings } from './hook-response';
import { hookSettings } from './hook-settings';

const trigger = (over: Partial<{ body: unknown; query: unknown; headers: unknown; method: string }> = {}) => ({
  body: {},
  query: {},
  headers: {},
  method: 'POST',
  receivedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('response settings', () => {
  it('costs a flow without response nothing: null, and no parse', () => {
    expect(hookSettings({}).response).toBeNull();
    expect(hookSettings(null).response).toBeNull();
  });

  it('parses once per config object, templates included', () => {
    const config = { response: { body: 'hi {{ trigger.body.name }}', headers: { 'X-Echo': '{{ trigger.query.a }}' } } };
    const a = hookSettings(config).response;
    expect(a).toMatchObject({ status: 200, contentType: 'text/plain; charset=utf-8' });
    expect(a!.headers.map(([n]) => n)).toEqual(['x-echo']);
    expect(Array.isArray(a!.body)).toBe(true); // pre-parsed Liquid
    expect(hookSettings(config).response).toBe(a);
  });

  it('takes an invalid block as no block (the default answer applies)', () => {
    expect(responseSettings({ status: 500 })).toBeNull();
    expect(responseSettings({ body: '{% if %}' })).toBeNull();
    expect(responseSettings({ headers: { 'Set-Cookie': 'a=b' } })).toBeNull();
    expect(responseSettings('nope')).toBeNull();
  });
});

describe('renderResponse', () => {
  it('echoes a verification challenge as text/plain', () => {
    const s = responseSettings({ body: '{{ trigger.query["hub.challenge"] }}' })!;
    const res = renderResponse(s, trigger({ method: 'GET', query: { 'hub.challenge': '123' } }), {
      'access-control-allow-origin': '*',
    });
    expect(res).toMatchObject({ status: 200, body: '123' });
    expect(res!.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    });
  });

  it('drops a header whose rendered value has CR/LF or control characters', () => {
    const s = responseSettings({ status: 201, headers: { 'X-Name': '{{ trigger.body.name }}', 'X-Ok': 'fine' } })!;
    for (const name of ['a\r\nSet-Cookie: x=1', 'a\nb', 'a\u0000b', 'é']) {
      const res = renderResponse(s, trigger({ body: { name } }), {})!;
      expect(res.headers['x-name']).toBeUndefined();
      expect(res.headers['x-ok']).toBe('fine');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).toBeNull();
    }
  });

  it('returns null (the caller answers the default) on a budget overrun or an oversized body', () => {
    const huge = responseSettings({ body: '{% for i in (1..10000000) %}x{% endfor %}' })!;
    expect(renderResponse(huge, trigger(), {})).toBeNull();
    const big = responseSettings({ body: '{{ trigger.body.big }}' })!;
    expect(renderResponse(big, trigger({ body: { big: 'x'.repeat(70_000) } }), {})).toBeNull();
    expect(renderResponse(big, trigger({ body: { big: 'x'.repeat(60_000) } }), {})!.body).toHaveLength(60_000);
  });

  it('sends no body with 204', () => {
    const s = responseSettings({ status: 204, body: 'x' })!;
    expect(renderResponse(s, trigger(), {})).toMatchObject({ status: 204, body: null });
  });
});

describe('validation', () => {
  const graph = (response: unknown) => ({
    nodes: [{ id: 'trigger', type: 'trigger.webhook', config: { response }, position: { x: 0, y: 0 } }],
    edges: [],
  });
  it('names each bad field once', () => {
    const issues = publishIssues(graph({ status: 302, headers: { 'Content-Length': '1', 'X-A': 'a\nb' } }));
    expect(issues.map((i) => i.path).sort()).toEqual([
      'nodes.0.config.response.headers.Content-Length',
      'nodes.0.config.response.headers.X-A',
      'nodes.0.config.response.status',
    ]);
    expect(issues.find((i) => i.path.endsWith('Content-Length'))!.message).toMatch(/cannot be set by a flow/);
  });
  it('checks Liquid syntax and allows trigger variables only', () => {
    const issues = responseTemplateGraphIssues(
      graph({ body: '{% if %}', headers: { 'X-A': '{{ steps.a.b }}', 'X-B': '{{ trigger.body.x }}' } }),
    );
    expect(issues.map((i) => i.path)).toEqual(['nodes.0.config.response.body', 'nodes.0.config.response.headers.X-A']);
  });
});
