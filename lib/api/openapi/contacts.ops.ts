import { z } from 'zod';
import { listContactsQuery } from '../../contacts/list-contacts';
import { defineOperations } from './registry';

const contactOutput = z.object({
  id: z.uuid(),
  email: z.string().describe('Lower-cased; unique in the workspace'),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  tags: z.array(z.string()),
  fields: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const timelineEntry = z.object({
  runId: z.uuid(),
  flowId: z.uuid(),
  flowName: z.string(),
  nodeId: z.string(),
  created: z.boolean(),
  runStatus: z.string(),
  at: z.iso.datetime(),
});

defineOperations([
  {
    method: 'GET',
    path: '/contacts',
    tag: 'Contacts',
    summary: 'List or search contacts',
    description: '`search` is a case-insensitive substring match on email and name.',
    query: listContactsQuery,
    success: {
      status: 200,
      description: 'A page of contacts, newest first',
      schema: z.object({ items: z.array(contactOutput), nextCursor: z.string().nullable() }),
    },
  },
  {
    method: 'GET',
    path: '/contacts/{id}',
    tag: 'Contacts',
    summary: 'Get a contact with its timeline',
    success: {
      status: 200,
      description: 'The contact and the runs that created or updated it',
      schema: contactOutput.extend({ timeline: z.array(timelineEntry) }),
    },
  },
  {
    method: 'DELETE',
    path: '/contacts/{id}',
    tag: 'Contacts',
    summary: 'Delete a contact',
    description: 'Removes the contact and its timeline (e.g. a contact a step test created). Runs are kept.',
    success: { status: 204, description: 'Deleted' },
  },
]);
