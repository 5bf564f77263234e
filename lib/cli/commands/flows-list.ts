import { z } from 'zod';
import { CliFailure, UsageError, type CliCommand } from '../command';
import { formatTable } from '../format-table';
import { stringOption } from '../parse-args';

export const flowsList: CliCommand = {
  name: 'flows:list',
  summary: 'List flows with their status and webhook URL (all workspaces, or one user’s or workspace’s)',
  needsDatabase: true,
  options: {
    email: { usage: '--email E', description: 'Only the flows of the workspaces this user belongs to' },
    workspace: { usage: '--workspace W', description: 'Only the flows of this workspace (its id)' },
  },
  check(args) {
    const email = stringOption(args, 'email');
    const workspace = stringOption(args, 'workspace');
    if (email && workspace) throw new UsageError('give --email or --workspace, not both');
    if (workspace && !z.uuid().safeParse(workspace).success) throw new UsageError('--workspace must be a workspace id');
  },
  async run(args, io) {
    const email = stringOption(args, 'email');
    const workspace = stringOption(args, 'workspace');

    const { listFlowsForAdmin, workspaceExists, workspacesOfUser } = await import('../../flows/admin-flows');
    let workspaceIds: string[] | undefined;
    if (email) {
      const { findUserByEmail } = await import('../../auth/find-user');
      const user = await findUserByEmail(email);
      if (!user) throw new CliFailure(`no user with email ${email}`);
      workspaceIds = await workspacesOfUser(user.id);
    } else if (workspace) {
      if (!(await workspaceExists(workspace))) throw new CliFailure(`no workspace with id ${workspace}`);
      workspaceIds = [workspace];
    }

    const flows = await listFlowsForAdmin(workspaceIds);
    if (flows.length === 0) {
      io.out('No flows yet.');
      return;
    }
    const many = new Set(flows.map((f) => f.workspaceId)).size > 1;
    const headers = ['ID', 'NAME', 'STATUS', ...(many ? ['WORKSPACE'] : []), 'WEBHOOK URL'];
    const rows = flows.map((f) => [f.id, f.name, f.status, ...(many ? [f.workspaceId] : []), f.webhookUrl]);
    for (const line of formatTable(headers, rows)) io.out(line);
    io.out('');
    io.out(`${flows.length} ${flows.length === 1 ? 'flow' : 'flows'}.`);
  },
};
