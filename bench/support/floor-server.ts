// The floor of the ingest path (bench/floor.ts): a plain Node `http` server
// that reads the body, parses the JSON and inserts the event row with one
// prepared statement per request — no token lookup, no checks, no batching,
// no Redis. Whatever our web process spends beyond this is our overhead.
// Env: DATABASE_URL, PORT, FLOW_ID, WORKSPACE_ID.
import http from 'node:http';
import pg from 'pg';
import { uuid7 } from '../../lib/db/uuid7';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => {});
const flowId = process.env.FLOW_ID!;
const workspaceId = process.env.WORKSPACE_ID!;
const insert = {
  name: 'floor_insert_event',
  text: `INSERT INTO event (id, "workspaceId", "flowId", status, method, headers, query, body) VALUES ($1, $2, $3, 'accepted', $4, '{}'::jsonb, '{}'::jsonb, $5::jsonb)`,
};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const id = uuid7();
    let body: string;
    try {
      body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      res.writeHead(400).end();
      return;
    }
    pool.query({ ...insert, values: [id, workspaceId, flowId, req.method, body] }).then(
      () =>
        res
          .writeHead(202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ eventId: id, status: 'accepted' })),
      () => res.writeHead(503).end(),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeIdleConnections();
  void pool.end().then(() => process.exit(0));
});
