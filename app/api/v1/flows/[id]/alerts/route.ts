import { apiRoute, assertId } from '@/lib/api/handler';
import { getAlertSettings, saveAlertSettings } from '@/lib/alerts/alert-settings';
import { alertSettingsInput } from '@/lib/alerts/alert-settings-schema';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) =>
  getAlertSettings(workspaceId, assertId(params.id, 'Flow')),
);

export const PUT = apiRoute({ body: alertSettingsInput }, ({ workspaceId, params, body, audit }) =>
  saveAlertSettings(workspaceId, assertId(params.id, 'Flow'), body, audit),
);
