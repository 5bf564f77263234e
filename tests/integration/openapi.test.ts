import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { baseUrl } from '../helpers/tenant';

const apiDir = path.resolve(import.meta.dirname, '../../app/api/v1');

/** Every (method, path) the route files under app/api/v1 export. */
function routesOnDisk(dir = apiDir, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const segment = entry.name.replace(/^\[(\w+)\]$/, '{$1}');
      found.push(...routesOnDisk(full, `${prefix}/${segment}`));
    } else if (entry.name === 'route.ts') {
      const source = readFileSync(full, 'utf8');
      for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) {
        found.push(`${m[1]} ${prefix || '/'}`);
      }
    }
  }
  return found;
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document served at /api/v1/openapi.json', async () => {
    const res = await fetch(`${baseUrl()}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route under /api/v1', async () => {
    const doc = await (await fetch(`${baseUrl()}/api/v1/openapi.json`)).json();
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const missing = routesOnDisk().filter((r) => r !== 'GET /openapi.json' && !documented.has(r));
    expect(missing).toEqual([]);
  });
});
