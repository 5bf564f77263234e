import { callWithAccount } from '../../steps/call-with-account';
import { googleStepError } from '../../steps/google-api-error';
import { StepError } from '../../steps/types';
import { defineRun } from '../define-server';
import { googleSheetsAppendRow } from './append-row';
import { a1Sheet, spreadsheetIdOf } from './spreadsheet-id';

// spreadsheets.values.append (developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append):
// POST https://sheets.googleapis.com/v4/spreadsheets/{spreadsheetId}/values/{range}:append
//   ?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS with a ValueRange
//   {values: [[…]]}, scope https://www.googleapis.com/auth/spreadsheets.
// 200 {spreadsheetId, tableRange, updates: {updatedRange, updatedRows, …}};
// errors {error: {code, message, status}}. The range is the sheet alone
// ('Name', quoted), so Google finds the table in the whole sheet and the row
// goes after its last row, starting at the table's first column.
//
// Append is not idempotent and Sheets has no idempotency key, so what is
// retried follows Google's own rule for non-idempotent calls (Cloud
// Workflows' default_retry_predicate_non_idempotent): 429/RESOURCE_EXHAUSTED
// (a quota refusal, applied to nothing — "use exponential backoff", the
// usage-limits page says), 503 UNAVAILABLE, and a connection that was never
// made. A 401 is answered by one token refresh and the same request, which the
// 401 says was not applied. Anything else that leaves the outcome unknown — a
// 500, a 504, a timeout or a connection cut after the request went out — may
// have added the row, and a blind retry would add it again: the step fails
// without retrying and says so, and a person checks the sheet before "Retry
// now" (Google's own Node client does not retry a POST either). Once the
// append succeeded, the engine records the step's output (the range written)
// and never runs it again, replays from a failed step included.

const UNKNOWN = 'The row may have been added: check the sheet before retrying this step, or it may be added twice.';

export const runGoogleSheetsAppendRow = defineRun(googleSheetsAppendRow, async (config, ctx) => {
  const spreadsheetId = spreadsheetIdOf(config.spreadsheet);
  if (!spreadsheetId)
    throw new StepError(
      `"${config.spreadsheet.slice(0, 200)}" is neither a spreadsheet id nor a Google Sheets address`,
      false,
    );
  const range = encodeURIComponent(a1Sheet(config.sheet.trim()));
  const res = await callWithAccount(
    ctx,
    { id: config.connection, type: 'google' },
    {
      method: 'POST',
      url: `https://sheets.googleapis.com/v4/spreadsheets/${spreadsheetId}/values/${range}:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`,
      json: { values: [config.values] },
      unsafeToRepeat: UNKNOWN,
    },
  );
  if (res.status === 200 && typeof res.json?.updates?.updatedRange === 'string') {
    const u = res.json.updates;
    return {
      spreadsheetId: String(res.json.spreadsheetId ?? spreadsheetId),
      updatedRange: u.updatedRange as string,
      updatedRows: Number(u.updatedRows ?? 1),
      ...(typeof res.json.tableRange === 'string' ? { tableRange: res.json.tableRange } : {}),
    };
  }
  if (res.status >= 200 && res.status < 300)
    throw new StepError(`Google Sheets answered ${res.status} without the range it wrote. ${UNKNOWN}`, false);
  throw googleStepError(res, 'Google Sheets', (status) => status === 503, UNKNOWN);
});
