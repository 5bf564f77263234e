import { hookRoute } from '@/lib/ingest/hook-route';

// The public ingest endpoint {APP_URL}/hooks/{token}. Under `npm start` the
// ingest server (web/main.ts) answers /hooks/* before Next sees them; this
// route serves the same code when Next runs alone (next dev, next start).
export const dynamic = 'force-dynamic';

const handler = hookRoute(false);
export {
  handler as GET,
  handler as POST,
  handler as PUT,
  handler as PATCH,
  handler as OPTIONS,
  handler as DELETE,
  handler as HEAD,
};
