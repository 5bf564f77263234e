import { z } from 'zod';
import { createFlowInput, resumeInput, updateFlowInput } from '../../flows/flow-input';
import { graphSchema } from '../../flows/graph';
import { flowTemplates } from '../../flows/templates';
import { stepTypesText } from './integrations-text';
import { listFlowsQuery } from '../../flows/list-flows';
import { defineOperations } from './registry';

export const flowOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['draft', 'live', 'paused']),
  webhookUrl: z.url(),
  testUrl: z.url(),
  publishedVersion: z.number().int().nullable(),
  sampleEventId: z.uuid().nullable(),
  graph: graphSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

defineOperations([
  {
    method: 'GET',
    path: '/flows',
    tag: 'Flows',
    summary: 'List flows',
    query: listFlowsQuery,
    success: { status: 200, description: 'A page of flows, newest first', schema: list(flowOutput) },
  },
  {
    method: 'POST',
    path: '/flows',
    tag: 'Flows',
    summary: 'Create a flow',
    description: `The flow starts as a draft with its own webhook URL. Without a graph it holds just the webhook trigger. With \`template\` (${flowTemplates.map((t) => t.id).join(', ')}) it starts as that template: a sender whose secret you make up (Typeform, Tally) gets a random one, and each step that needs a connection gets the workspace's only connection of a type it takes. Node config by type — ${stepTypesText()}.`,
    body: createFlowInput,
    success: { status: 201, description: 'The new flow', schema: flowOutput },
  },
  {
    method: 'GET',
    path: '/flows/{id}',
    tag: 'Flows',
    summary: 'Get a flow',
    success: { status: 200, description: 'The flow with its draft graph', schema: flowOutput },
  },
  {
    method: 'PUT',
    path: '/flows/{id}',
    tag: 'Flows',
    summary: 'Replace the draft or rename',
    description: 'Published versions are never changed; publish to make the draft run.',
    body: updateFlowInput,
    success: { status: 200, description: 'The updated flow', schema: flowOutput },
  },
  {
    method: 'DELETE',
    path: '/flows/{id}',
    tag: 'Flows',
    summary: 'Delete a flow',
    success: { status: 204, description: 'Deleted; its webhook URL answers 404' },
  },
  {
    method: 'POST',
    path: '/flows/{id}/publish',
    tag: 'Flows',
    summary: 'Publish the draft',
    description:
      'Validates the whole graph and stores it as the next immutable version. A flow that cannot run answers 400 with every problem at once in `error.details`, each `{path, nodeId, field, message}`: the graph (one trigger, no loops, every step connected), each step’s required settings, Liquid syntax of every template, and the values templates name (`trigger.body…`, or `steps.<id>` of a step that runs before this one). `field` is the path inside the step’s config; `message` says what to do, in plain words.',
    success: { status: 200, description: 'The new version number', schema: z.object({ version: z.number().int() }) },
  },
  {
    method: 'POST',
    path: '/flows/{id}/pause',
    tag: 'Flows',
    summary: 'Pause a live flow',
    description: 'New events are held until resume.',
    success: { status: 200, description: 'The flow', schema: flowOutput },
  },
  {
    method: 'POST',
    path: '/flows/{id}/resume',
    tag: 'Flows',
    summary: 'Resume a paused flow',
    description:
      'The events held while it was paused run (`held: "run"`, the default) or are marked discarded (`held: "discard"`: listed with status discarded, never run).',
    body: resumeInput,
    success: {
      status: 200,
      description: 'The flow, with how many held events were run or discarded',
      schema: flowOutput.extend({ heldRun: z.number().int(), heldDiscarded: z.number().int() }),
    },
  },
  {
    method: 'POST',
    path: '/flows/{id}/rotate-token',
    tag: 'Flows',
    summary: 'Rotate the webhook URL',
    description: 'The old URL answers 404 from now on.',
    success: { status: 200, description: 'The flow with its new webhookUrl', schema: flowOutput },
  },
  {
    method: 'GET',
    path: '/flows/{id}/versions',
    tag: 'Flows',
    summary: 'List published versions',
    success: {
      status: 200,
      description: 'Versions, newest first',
      schema: list(
        z.object({
          version: z.number().int(),
          graph: graphSchema,
          createdAt: z.iso.datetime(),
          publishedAt: z.iso.datetime(),
          publishedBy: z
            .union([
              z.object({ type: z.literal('user'), id: z.string(), name: z.string(), email: z.string() }),
              z.object({ type: z.literal('apiKey'), id: z.uuid(), name: z.string() }),
            ])
            .nullable()
            .describe('The user or API key that published it; null if unknown or since deleted'),
        }),
      ),
    },
  },
  {
    method: 'POST',
    path: '/flows/{id}/versions/{version}/restore',
    tag: 'Flows',
    summary: 'Restore a version into the draft',
    description:
      "The draft becomes that version's graph. What runs does not change until you publish, which makes a new version.",
    success: { status: 200, description: 'The flow with its new draft', schema: flowOutput },
  },
  {
    method: 'POST',
    path: '/flows/{id}/discard-draft',
    tag: 'Flows',
    summary: 'Discard the draft',
    description: 'The draft goes back to the live (latest published) version. 409 if the flow was never published.',
    success: { status: 200, description: 'The flow with its draft reset', schema: flowOutput },
  },
]);
