import { hookRoute } from '@/lib/ingest/hook-route';

// {APP_URL}/hooks/{token}/test: always a test event (the editor's sample), never run.
export const dynamic = 'force-dynamic';

const handler = hookRoute(true);
export {
  handler as GET,
  handler as POST,
  handler as PUT,
  handler as PATCH,
  handler as OPTIONS,
  handler as DELETE,
  handler as HEAD,
};
