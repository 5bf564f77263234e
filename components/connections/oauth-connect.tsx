'use client';

import { useEffect, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ProviderView } from '@/lib/oauth2/list-providers';
import { api, errorText, firstDetailText } from '@/lib/api/client';

/**
 * "Connect" for an OAuth2 connection type: starts the authorization on the
 * server and sends the browser to the provider's consent page. A provider the
 * server has no client id/secret for shows what to set up instead.
 */
export function OAuthConnect({
  type,
  name,
  connectionId,
  returnTo,
  buttonLabel,
  size = 'md',
}: {
  type: string;
  name: string;
  connectionId?: string;
  returnTo?: string;
  buttonLabel?: string;
  size?: 'sm' | 'md';
}) {
  const [providers, setProviders] = useState<ProviderView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api('GET /oauth2/providers').then(
      (res) => live && setProviders(res.items),
      (err) => live && setError(errorText(err, 'Could not load the sign-in providers.')),
    );
    return () => {
      live = false;
    };
  }, []);

  const provider = providers?.find((p) => p.connectionType === type);

  async function connect() {
    if (!provider) return;
    if (!name.trim()) return setError('Give the connection a name first.');
    setBusy(true);
    setError(null);
    try {
      const res = await api('POST /oauth2/{provider}/start', {
        params: { provider: provider.id },
        body: { name: name.trim(), ...(connectionId ? { connectionId } : {}), ...(returnTo ? { returnTo } : {}) },
      });
      window.location.assign(res.authorizeUrl);
    } catch (err) {
      setBusy(false);
      setError(firstDetailText(err, 'Could not start the sign-in.'));
    }
  }

  if (!providers) return error ? <Alert tone="error">{error}</Alert> : null;
  if (!provider) return <Alert tone="error">This connection type has no sign-in provider.</Alert>;
  if (!provider.configured)
    return (
      <Alert tone="warning">
        <span className="block font-medium">{provider.label} sign-in is not set up on this server.</span>
        <span className="mt-1 block">
          Create an OAuth app at{' '}
          <a className="underline" href={provider.setupUrl} target="_blank" rel="noreferrer">
            {provider.label}
          </a>{' '}
          with the redirect URL <code className="break-all">{provider.redirectUrl}</code>, then set{' '}
          {provider.envVars.map((v, i) => (
            <span key={v}>
              {i > 0 && ' and '}
              <code>{v}</code>
            </span>
          ))}{' '}
          in the server’s environment and restart it.
        </span>
      </Alert>
    );
  return (
    <div className="space-y-2">
      <Button type="button" size={size} loading={busy} onClick={() => void connect()}>
        {buttonLabel ?? `Connect ${provider.label}`}
      </Button>
      {error && (
        <p className="text-xs text-red-600" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
