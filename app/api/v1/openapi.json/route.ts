import { buildOpenApiDocument } from '@/lib/api/openapi/build-document';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
