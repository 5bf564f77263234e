import { describe, expect, it } from 'vitest';
import { unreachableHost } from './local-url';

describe('unreachableHost', () => {
  it('flags localhost, loopback, private, link-local and local-only names', () => {
    for (const url of [
      'http://localhost:3000/hooks/x',
      'http://app.localhost/hooks/x',
      'http://127.0.0.1:3000/hooks/x',
      'http://[::1]:3000/hooks/x',
      'http://10.1.2.3/hooks/x',
      'http://172.16.0.5/hooks/x',
      'http://192.168.1.20:3000/hooks/x',
      'http://169.254.1.1/hooks/x',
      'http://100.64.0.1/hooks/x',
      'http://[fd00::1]/hooks/x',
      'http://[::ffff:192.168.0.1]/hooks/x',
      'http://switchboard:3000/hooks/x',
      'http://nas.local/hooks/x',
    ]) {
      expect(unreachableHost(url), url).not.toBeNull();
    }
  });
  it('passes public names and addresses', () => {
    for (const url of [
      'https://hooks.example.com/hooks/x',
      'http://8.8.8.8/hooks/x',
      'https://abc.trycloudflare.com/hooks/x',
      'http://[2606:4700::1]/hooks/x',
    ]) {
      expect(unreachableHost(url), url).toBeNull();
    }
    expect(unreachableHost('not a url')).toBeNull();
  });
});
