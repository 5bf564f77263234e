import { checkOAuthConnection } from '../../oauth2/check-oauth-connection';
import { defineAppServer, defineCheck } from '../define-server';
import { oauth2App, oauthConnections } from './app';

// "Check connection" of every OAuth2 account: a usable access token (refreshed
// if due) proves the grant still holds.
export const oauth2Server = defineAppServer(oauth2App, {
  checks: oauthConnections.map((c) =>
    defineCheck(c, (_settings, { workspaceId, connectionId }) => checkOAuthConnection(workspaceId, connectionId)),
  ),
});
