import type { z } from 'zod';
import type { alertSettingsInput } from '../alerts/alert-settings-schema';
import type { getAlertSettings } from '../alerts/alert-settings';
import type { createApiKeyInput } from '../auth/api-key-input';
import type { createApiKey } from '../auth/api-keys';
import type { getBackupCheckStatus } from '../backup-check/backup-check-status';
import type { backfillBackupCheck } from '../backup-check/run-backup-check-now';
import type { previewBackupCheck, previewInput } from '../backup-check/preview-backup-check';
import type { checkConnection } from '../connections/check-connection';
import type {
  checkConnectionInput,
  createConnectionInput,
  updateConnectionInput,
} from '../connections/connection-input';
import type { createConnection } from '../connections/create-connection';
import type { listConnections, listConnectionsQuery } from '../connections/list-connections';
import type { updateConnection } from '../connections/update-connection';
import type { listContacts, listContactsQuery } from '../contacts/list-contacts';
import type { createFlowInput, resumeInput, updateFlowInput } from '../flows/flow-input';
import type { FlowView } from '../flows/flow-view';
import type { listFlows, listFlowsQuery } from '../flows/list-flows';
import type { publishFlow } from '../flows/publish-flow';
import type { resumeFlow } from '../flows/set-flow-status';
import type { discardHeldEvents, releaseHeldEvents } from '../ingest/held-events';
import type { EventView } from '../ingest/event-view';
import type { listEvents, listEventsQuery } from '../ingest/list-events';
import type { acceptInvite } from '../members/accept-invite';
import type { createInvite } from '../members/invites';
import type { changeRole, transferOwnership } from '../members/member-changes';
import type { acceptInviteInput, changeRoleInput, inviteInput } from '../members/member-input';
import type { ProviderView } from '../oauth2/list-providers';
import type { startAuthorizationInput } from '../oauth2/start-input';
import type { bulkReplayJobInput, BulkReplayView } from '../runs/bulk-replay';
import type { RunDetail } from '../runs/get-run';
import type { allRunsQuery, listRuns, runsQuery } from '../runs/list-runs';
import type { replayEditedEvent, editReplayInput } from '../runs/replay-edited-event';
import type { replayInput } from '../runs/replay-run';
import type { retryStepNow } from '../runs/retry-step-now';
import type { runFilterInput } from '../runs/run-filter';
import type { testStepInput } from '../runs/test-recipient';
import type { testStep } from '../runs/test-step';
import type { TestPreview } from '../runs/test-step-preview';

// What the browser may call on /api/v1, keyed "METHOD /path" as in the OpenAPI
// document. Bodies and queries are the input types of the zod schemas the
// routes parse; responses are what the lib/ functions behind the routes
// return. Type-only imports: nothing here reaches the browser bundle.

type In<S extends z.ZodType> = z.input<S>;
type Res<F extends (...args: any[]) => unknown> = Awaited<ReturnType<F>>;

export type Endpoints = {
  'GET /flows': { query: In<typeof listFlowsQuery>; response: Res<typeof listFlows> };
  'POST /flows': { body: In<typeof createFlowInput>; response: FlowView };
  'GET /flows/{id}': { response: FlowView };
  'PUT /flows/{id}': { body: In<typeof updateFlowInput>; response: FlowView };
  'POST /flows/{id}/publish': { response: Res<typeof publishFlow> };
  'POST /flows/{id}/pause': { response: FlowView };
  'POST /flows/{id}/resume': { body?: In<typeof resumeInput>; response: Res<typeof resumeFlow> };
  'POST /flows/{id}/discard-draft': { response: FlowView };
  'POST /flows/{id}/versions/{version}/restore': { response: FlowView };
  'GET /flows/{id}/events': { query: In<typeof listEventsQuery>; response: Res<typeof listEvents> };
  'POST /flows/{id}/held/run': { response: Res<typeof releaseHeldEvents> };
  'POST /flows/{id}/held/discard': { response: Res<typeof discardHeldEvents> };
  'GET /flows/{id}/runs': { query: In<typeof runsQuery>; response: Res<typeof listRuns> };
  'GET /flows/{id}/steps/{nodeId}/test': { response: TestPreview };
  'POST /flows/{id}/steps/{nodeId}/test': { body?: In<typeof testStepInput>; response: Res<typeof testStep> };
  'GET /flows/{id}/alerts': { response: Res<typeof getAlertSettings> };
  'PUT /flows/{id}/alerts': { body: In<typeof alertSettingsInput>; response: Res<typeof getAlertSettings> };
  'GET /flows/{id}/backup-check': { response: Res<typeof getBackupCheckStatus> };
  'POST /flows/{id}/backup-check/preview': { body: In<typeof previewInput>; response: Res<typeof previewBackupCheck> };
  'POST /flows/{id}/backup-check/poll': { response: { queued: true } };
  'POST /flows/{id}/backup-check/backfill': { response: Res<typeof backfillBackupCheck> };
  'GET /events/{id}': { response: EventView };
  'POST /events/{id}/replay': { body: In<typeof editReplayInput>; response: Res<typeof replayEditedEvent> };
  'GET /runs': { query: In<typeof allRunsQuery>; response: Res<typeof listRuns> };
  'GET /runs/count': { query: In<typeof runFilterInput>; response: { count: number } };
  'GET /runs/{id}': { response: RunDetail };
  'POST /runs/{id}/replay': { body?: In<typeof replayInput>; response: { runId: string } };
  'POST /runs/{id}/steps/{nodeId}/retry-now': { response: Res<typeof retryStepNow> };
  'POST /runs/replay-jobs': { body: In<typeof bulkReplayJobInput>; response: BulkReplayView };
  'GET /runs/replay-jobs/{id}': { response: BulkReplayView };
  'GET /connections': { query: In<typeof listConnectionsQuery>; response: Res<typeof listConnections> };
  'POST /connections': { body: In<typeof createConnectionInput>; response: Res<typeof createConnection> };
  'PATCH /connections/{id}': { body: In<typeof updateConnectionInput>; response: Res<typeof updateConnection> };
  'DELETE /connections/{id}': { response: undefined };
  'POST /connections/{id}/test': { body?: In<typeof checkConnectionInput>; response: Res<typeof checkConnection> };
  'GET /oauth2/providers': { response: { items: ProviderView[] } };
  'POST /oauth2/{provider}/start': { body: In<typeof startAuthorizationInput>; response: { authorizeUrl: string } };
  'GET /contacts': { query: In<typeof listContactsQuery>; response: Res<typeof listContacts> };
  'DELETE /contacts/{id}': { response: undefined };
  'POST /api-keys': { body: In<typeof createApiKeyInput>; response: Res<typeof createApiKey> };
  'DELETE /api-keys/{id}': { response: undefined };
  'POST /members': { body: In<typeof inviteInput>; response: Res<typeof createInvite> };
  'PATCH /members/{id}': { body: In<typeof changeRoleInput>; response: Res<typeof changeRole> };
  'DELETE /members/{id}': { response: undefined };
  'POST /members/{id}/transfer': { response: Res<typeof transferOwnership> };
  'DELETE /members/invites/{id}': { response: undefined };
  'POST /invites/accept': { body: In<typeof acceptInviteInput>; response: Res<typeof acceptInvite> };
};
