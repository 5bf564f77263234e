import { apiRoute } from '@/lib/api/handler';
import { pageQuery } from '@/lib/api/pagination';
import { listAuditLog } from '@/lib/audit/list-audit-log';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ query: pageQuery }, ({ workspaceId, query }) => listAuditLog(workspaceId, query));
