// Same-origin JSON calls from the Connections and Contacts pages (session cookie).
export type ApiResult = { ok: boolean; status: number; data: any };

export async function apiCall(path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult> {
  try {
    const res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      credentials: 'same-origin',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    return { ok: res.ok, status: res.status, data };
  } catch {
    return {
      ok: false,
      status: 0,
      data: { error: { message: 'Could not reach Switchboard. Check your connection and try again.' } },
    };
  }
}

export const errorMessage = (r: ApiResult, fallback: string): string => r.data?.error?.message ?? fallback;
