'use client';

import { useState } from 'react';
import { apiFetch, ApiError } from './api-client';
import type { TestPreview } from '@/lib/runs/test-step-preview';
import type { TestOverride, TestResult } from './step-test';

export type Issues = { byNode: Record<string, string[]>; general: string[] };
export type Notice = { tone: 'success' | 'error' | 'info'; text: string };

/**
 * Publish (errors from the server's check land on the nodes they name) and
 * "Test step" (with its preview). All save the draft first, so they act on what is on screen.
 */
export function useFlowActions(
  flowId: string,
  flush: () => Promise<void>,
  onPublished: (version: number) => void,
  onOutput: (nodeId: string, output: unknown) => void,
) {
  const [issues, setIssues] = useState<Issues | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [tests, setTests] = useState<Record<string, TestResult>>({});

  async function publish() {
    setPublishing(true);
    setNotice(null);
    try {
      await flush();
      const res = await apiFetch<{ version: number }>(`/flows/${flowId}/publish`, { method: 'POST', body: {} });
      setIssues(null);
      onPublished(res.version);
      setNotice({ tone: 'success', text: `Published version ${res.version}. New events at the webhook URL run it.` });
    } catch (err) {
      const e = err as ApiError;
      if (e.code === 'invalid_input' && e.details.length) {
        const byNode: Record<string, string[]> = {};
        const general: string[] = [];
        for (const d of e.details) (d.nodeId ? (byNode[d.nodeId] ??= []) : general).push(d.message);
        setIssues({ byNode, general });
        const n = e.details.length;
        setNotice({
          tone: 'error',
          text: `Nothing was published: fix ${n} problem${n === 1 ? '' : 's'} marked on the steps.`,
        });
      } else setNotice({ tone: 'error', text: `Publishing failed: ${e.message}` });
    } finally {
      setPublishing(false);
    }
  }

  /** What a test would do, from the saved draft (asked before a test that reaches outside). */
  async function previewTest(nodeId: string): Promise<TestPreview> {
    await flush();
    return apiFetch<TestPreview>(`/flows/${flowId}/steps/${nodeId}/test`);
  }

  async function testStep(nodeId: string, override: TestOverride = {}) {
    setTests((t) => ({ ...t, [nodeId]: { state: 'running' } }));
    try {
      await flush();
      const res = await apiFetch<{ output?: unknown; error?: string | { message: string } }>(
        `/flows/${flowId}/steps/${nodeId}/test`,
        { method: 'POST', body: override },
      );
      if (res.error) {
        const message = typeof res.error === 'string' ? res.error : res.error.message;
        setTests((t) => ({ ...t, [nodeId]: { state: 'error', message } }));
      } else {
        setTests((t) => ({ ...t, [nodeId]: { state: 'ok', output: res.output } }));
        onOutput(nodeId, res.output);
      }
    } catch (err) {
      setTests((t) => ({ ...t, [nodeId]: { state: 'error', message: (err as Error).message } }));
    }
  }

  /** A step the person edits after a failed publish loses its marks until the next publish. */
  function clearNodeIssues(nodeId: string) {
    setIssues((i) => {
      if (!i?.byNode[nodeId]) return i;
      const { [nodeId]: _gone, ...rest } = i.byNode;
      return { ...i, byNode: rest };
    });
  }

  return { issues, publishing, notice, setNotice, publish, tests, testStep, previewTest, clearNodeIssues };
}
