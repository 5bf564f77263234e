import { apiRoute } from '@/lib/api/handler';
import { listProviders } from '@/lib/oauth2/list-providers';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, async () => ({ items: listProviders() }));
