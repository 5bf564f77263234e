import { apiRoute, flowParams } from '@/lib/api/handler';
import { getAlertSettings, saveAlertSettings } from '@/lib/alerts/alert-settings';
import { alertSettingsInput } from '@/lib/alerts/alert-settings-schema';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ params: flowParams }, ({ workspaceId, params }) =>
  getAlertSettings(workspaceId, params.id),
);

export const PUT = apiRoute({ params: flowParams, body: alertSettingsInput }, ({ workspaceId, params, body, audit }) =>
  saveAlertSettings(workspaceId, params.id, body, audit),
);
