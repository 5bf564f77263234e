import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { inviteLink, joinAs, tokenOf } from '../helpers/members';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Invites and member changes through the real API: every refused acceptance is
// a clear 4xx and changes nothing (no membership, the invite still unused).

async function state(workspaceId: string, email: string) {
  const members = await db.membership.count({ where: { workspaceId, user: { email } } });
  const invites = await db.invite.findMany({ where: { workspaceId, email }, select: { acceptedAt: true } });
  return { members, accepted: invites.filter((i) => i.acceptedAt).length };
}

describe('invites', () => {
  let owner: Tenant;
  beforeAll(async () => {
    owner = await createTenant('inv-owner');
  });

  it('joins with the invited role, once; the link is then used up', async () => {
    const invitee = await createTenant('inv-a');
    const url = await inviteLink(owner, invitee.email, 'viewer');
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const pending = await api('/api/v1/members/invites', { cookie: owner.cookie });
    expect(pending.json.items.map((i: { email: string }) => i.email)).toContain(invitee.email);

    const first = await api('/api/v1/invites/accept', { cookie: invitee.cookie, body: { token: tokenOf(url) } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ workspaceId: owner.workspaceId, role: 'viewer' });
    // The joined workspace is now the invitee's active one: they see the owner's members.
    const members = await api('/api/v1/members', { cookie: invitee.cookie });
    expect(members.json.items.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual(
      expect.arrayContaining([
        [owner.email, 'owner'],
        [invitee.email, 'viewer'],
      ]),
    );

    const again = await api('/api/v1/invites/accept', { cookie: invitee.cookie, body: { token: tokenOf(url) } });
    expect(again.status).toBe(410);
    expect(again.json.error.message).toMatch(/already been used/);
    expect(await state(owner.workspaceId, invitee.email)).toEqual({ members: 1, accepted: 1 });

    const audit = await api('/api/v1/audit-log', { key: owner.apiKey });
    const actions = audit.json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.invite', 'member.join']));
  });

  it('refuses an expired invite with 410 and changes nothing', async () => {
    const invitee = await createTenant('inv-exp');
    const url = await inviteLink(owner, invitee.email, 'editor');
    await db.invite.updateMany({
      where: { workspaceId: owner.workspaceId, email: invitee.email },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const res = await api('/api/v1/invites/accept', { cookie: invitee.cookie, body: { token: tokenOf(url) } });
    expect(res.status).toBe(410);
    expect(res.json.error).toMatchObject({ code: 'gone' });
    expect(res.json.error.message).toMatch(/expired/);
    expect(await state(owner.workspaceId, invitee.email)).toEqual({ members: 0, accepted: 0 });
  });

  it('refuses another account with 403 naming the invited address, and changes nothing', async () => {
    const invitee = await createTenant('inv-right');
    const stranger = await createTenant('inv-wrong');
    const url = await inviteLink(owner, invitee.email, 'editor');
    const res = await api('/api/v1/invites/accept', { cookie: stranger.cookie, body: { token: tokenOf(url) } });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toContain(invitee.email);
    expect(await state(owner.workspaceId, stranger.email)).toEqual({ members: 0, accepted: 0 });
    // The rightful invitee can still use it.
    const ok = await api('/api/v1/invites/accept', { cookie: invitee.cookie, body: { token: tokenOf(url) } });
    expect(ok.status).toBe(200);
  });

  it('refuses a tampered or truncated token with 404 and a missing one with 400', async () => {
    const invitee = await createTenant('inv-tamper');
    const token = tokenOf(await inviteLink(owner, invitee.email, 'viewer'));
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const bad of [flipped, token.slice(0, -1), `${token}x`]) {
      const res = await api('/api/v1/invites/accept', { cookie: invitee.cookie, body: { token: bad } });
      expect(res.status).toBe(404);
      expect(res.json.error.message).toMatch(/not valid/);
    }
    const missing = await api('/api/v1/invites/accept', { cookie: invitee.cookie, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('invalid_input');
    expect(await state(owner.workspaceId, invitee.email)).toEqual({ members: 0, accepted: 0 });
  });

  it('a newer invite withdraws the older link; a withdrawn invite answers 410', async () => {
    const invitee = await createTenant('inv-re');
    const older = await inviteLink(owner, invitee.email, 'viewer');
    const newer = await inviteLink(owner, invitee.email, 'editor');
    const old = await api('/api/v1/invites/accept', { cookie: invitee.cookie, body: { token: tokenOf(older) } });
    expect(old.status).toBe(410);
    expect(old.json.error.message).toMatch(/withdrawn or replaced/);
    const list = await api('/api/v1/members/invites', { cookie: owner.cookie });
    const pending = list.json.items.find((i: { email: string }) => i.email === invitee.email);
    expect(pending.role).toBe('editor');
    expect(
      (await api(`/api/v1/members/invites/${pending.id}`, { method: 'DELETE', cookie: owner.cookie })).status,
    ).toBe(204);
    const withdrawn = await api('/api/v1/invites/accept', { cookie: invitee.cookie, body: { token: tokenOf(newer) } });
    expect(withdrawn.status).toBe(410);
    expect(await state(owner.workspaceId, invitee.email)).toEqual({ members: 0, accepted: 0 });
  });

  it('refuses to invite a member again (409) and bad input with the field named (400)', async () => {
    const member = await joinAs(owner, 'viewer', 'inv-dup');
    const dup = await api('/api/v1/members', { cookie: owner.cookie, body: { email: member.email, role: 'editor' } });
    expect(dup.status).toBe(409);
    const bad = await api('/api/v1/members', { cookie: owner.cookie, body: { email: 'nope', role: 'boss' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toEqual(['email', 'role']);
  });
});

describe('member changes', () => {
  it('role change, removal, leaving and transfer; the last owner can neither leave nor be demoted', async () => {
    const owner = await createTenant('mc-owner');
    const ownerMember = (await api('/api/v1/members', { cookie: owner.cookie })).json.items[0];
    const a = await joinAs(owner, 'viewer', 'mc-a');
    const b = await joinAs(owner, 'editor', 'mc-b');

    const demoteSelf = await api(`/api/v1/members/${ownerMember.id}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      body: { role: 'editor' },
    });
    expect(demoteSelf.status).toBe(409);
    const leaveLast = await api(`/api/v1/members/${ownerMember.id}`, { method: 'DELETE', cookie: owner.cookie });
    expect(leaveLast.status).toBe(409);
    expect(leaveLast.json.error.message).toMatch(/at least one owner/);

    // An editor cannot change roles or remove others.
    const byEditor = await api(`/api/v1/members/${a.memberId}`, {
      method: 'PATCH',
      cookie: b.cookie,
      body: { role: 'editor' },
    });
    expect(byEditor.status).toBe(403);
    expect((await api(`/api/v1/members/${a.memberId}`, { method: 'DELETE', cookie: b.cookie })).status).toBe(403);

    const promoted = await api(`/api/v1/members/${a.memberId}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      body: { role: 'editor' },
    });
    expect(promoted.json).toEqual({ id: a.memberId, role: 'editor' });

    // b leaves; b's API key stops working with the membership.
    expect((await api('/api/v1/flows', { key: b.apiKey })).status).toBe(200);
    expect((await api(`/api/v1/members/${b.memberId}`, { method: 'DELETE', cookie: b.cookie })).status).toBe(204);
    expect((await api('/api/v1/flows', { key: b.apiKey })).status).toBe(401);
    // b's session falls back to b's own workspace.
    const bFlows = await api('/api/v1/members', { cookie: b.cookie });
    expect(bFlows.json.items.map((m: { email: string }) => m.email)).toEqual([b.email]);

    // Transfer: a becomes owner, the old owner an editor, who can now leave... after a owns it.
    const transfer = await api(`/api/v1/members/${a.memberId}/transfer`, { method: 'POST', cookie: owner.cookie });
    expect(transfer.status).toBe(200);
    const roles = (await api('/api/v1/members', { cookie: a.cookie })).json.items.map(
      (m: { email: string; role: string }) => [m.email, m.role],
    );
    expect(roles).toEqual([
      [a.email, 'owner'],
      [owner.email, 'editor'],
    ]);
    // The new owner removes the old one.
    expect((await api(`/api/v1/members/${ownerMember.id}`, { method: 'DELETE', cookie: a.cookie })).status).toBe(204);

    const audit = await api('/api/v1/audit-log', { cookie: a.cookie });
    const actions = audit.json.items.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 4)).toEqual(['member.remove', 'member.transfer', 'member.leave', 'member.role_change']);
  });
});
