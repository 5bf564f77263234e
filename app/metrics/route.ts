import { timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import { renderMetrics } from '@/lib/metrics/render-metrics';

export const dynamic = 'force-dynamic';

// Prometheus scrape endpoint. Off (404) unless METRICS_TOKEN is set; then the
// scraper sends `Authorization: Bearer <METRICS_TOKEN>`.
export async function GET(req: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 });
  const sent = Buffer.from(/^Bearer (.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    return Response.json(
      {
        error: { code: 'unauthorized', message: 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".' },
      },
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    );
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
