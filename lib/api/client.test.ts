import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { apiClient, ApiError, errorText, firstDetailText, UNREACHABLE } from './client';

// The browser client's one error contract, against a real HTTP server that
// answers in the API's own error format (AppError.toJSON, as apiRoute sends it).

type Seen = { method: string; url: string; contentType?: string; body: string };

let server: Server;
let base: string;
const seen: Seen[] = [];

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => resolve(text));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method!, url: req.url!, contentType: req.headers['content-type'], body });
    const send = (status: number, data: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/api/v1/flows' && req.method === 'POST') {
      const input = JSON.parse(body) as { name?: string };
      if (!input.name) {
        return send(
          400,
          new AppError('invalid_input', 'Invalid body: name: Give the flow a name', [
            { path: 'name', message: 'Give the flow a name' },
            { path: 'name', message: 'at most 200 characters' },
            { path: 'config.host', message: 'must be a host name' },
          ]).toJSON(),
        );
      }
      return send(201, { id: 'f1', name: input.name });
    }
    if (path === '/api/v1/flows/a%2Fb') return send(404, new AppError('not_found', 'Flow not found').toJSON());
    if (path === '/api/v1/runs') return send(200, { items: [], nextCursor: null });
    if (path === '/api/v1/contacts/c1') return res.writeHead(204).end();
    if (path === '/api/v1/connections')
      return res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    if (path === '/api/v1/flows/slow') return setTimeout(() => send(200, {}), 5_000);
    send(500, new AppError('internal', 'Something went wrong on our side.').toJSON());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );

describe('the browser API client', () => {
  it('sends the method, JSON body and query of the route, and answers the parsed JSON', async () => {
    const api = apiClient(base);
    expect(await api('POST /flows', { body: { name: 'Leads' } })).toEqual({ id: 'f1', name: 'Leads' });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/v1/flows',
      contentType: 'application/json',
      body: '{"name":"Leads"}',
    });
    await api('GET /runs', { query: { status: 'failed', search: '', flowId: undefined, limit: 10 } });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/runs?status=failed&limit=10', body: '' });
    expect(seen.at(-1)!.contentType).toBeUndefined();
  });

  it('answers undefined for 204', async () => {
    expect(await apiClient(base)('DELETE /contacts/{id}', { params: { id: 'c1' } })).toBeUndefined();
  });

  it('throws an ApiError with the status, code, message and field details of a JSON error', async () => {
    const err = (await caught(apiClient(base)('POST /flows', { body: { name: '' } }))) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'invalid_input',
      message: 'Invalid body: name: Give the flow a name',
    });
    expect(err.details).toHaveLength(3);
    // The first message per field, for the form; a prefix is taken off the paths that carry it.
    expect(err.fieldErrors()).toEqual({ name: 'Give the flow a name', 'config.host': 'must be a host name' });
    expect(err.fieldErrors('config.')).toEqual({ name: 'Give the flow a name', host: 'must be a host name' });
    expect(firstDetailText(err, 'fallback')).toBe('Give the flow a name');
  });

  it('encodes path parameters and keeps the server message of a 404', async () => {
    const err = await caught(apiClient(base)('GET /flows/{id}', { params: { id: 'a/b' } }));
    expect(err).toMatchObject({ status: 404, code: 'not_found', message: 'Flow not found', details: [] });
    expect(errorText(err, 'fallback')).toBe('Flow not found');
    expect(firstDetailText(err, 'fallback')).toBe('Flow not found');
  });

  it('an answer without a JSON error is code http, and errorText falls back', async () => {
    const err = await caught(apiClient(base)('GET /connections'));
    expect(err).toMatchObject({ status: 502, code: 'http', message: 'Request failed (502)' });
    expect(errorText(err, 'Could not load the connections.')).toBe('Could not load the connections.');
  });

  it('no answer at all is status 0, code network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await caught(apiClient(`http://127.0.0.1:${port}/api/v1`)('GET /runs'));
    expect(err).toMatchObject({ status: 0, code: 'network', message: UNREACHABLE });
    expect(errorText(err, 'fallback')).toBe(UNREACHABLE);
  });

  it('an aborted call rejects with the AbortError, not an ApiError', async () => {
    const ctl = new AbortController();
    const call = apiClient(base)('GET /flows/{id}', { params: { id: 'slow' }, signal: ctl.signal });
    ctl.abort();
    const err = await caught(call);
    expect(err).not.toBeInstanceOf(ApiError);
    expect((err as Error).name).toBe('AbortError');
  });

  it('errorText gives the fallback for anything that is not an ApiError', () => {
    expect(errorText(new TypeError('x is undefined'), 'The key could not be created.')).toBe(
      'The key could not be created.',
    );
  });
});
