'use client';

import { useState } from 'react';
import { api, ApiError } from '@/lib/api/client';
import type { TestPreview } from '@/lib/runs/test-step-preview';
import type { TestOverride, TestResult } from './step-test';
import { problemsFrom, withoutEdited, type Problem } from './publish-problems';

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
  /** The last failed publish's problems, less those the person has edited since; null when none. */
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [tests, setTests] = useState<Record<string, TestResult>>({});

  async function publish() {
    setPublishing(true);
    setNotice(null);
    try {
      await flush();
      const res = await api('POST /flows/{id}/publish', { params: { id: flowId } });
      setProblems(null);
      onPublished(res.version);
      setNotice({ tone: 'success', text: `Published version ${res.version}. New events at the webhook URL run it.` });
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      if (e?.code === 'invalid_input' && e.details.length) {
        setProblems(problemsFrom(e.details));
        const n = e.details.length;
        setNotice({
          tone: 'error',
          text: `Nothing was published: fix ${n === 1 ? 'the problem' : `these ${n} problems`} marked on the steps.`,
        });
      } else setNotice({ tone: 'error', text: `Publishing failed: ${(err as Error).message}` });
    } finally {
      setPublishing(false);
    }
  }

  /** What a test would do, from the saved draft (asked before a test that reaches outside). */
  async function previewTest(nodeId: string): Promise<TestPreview> {
    await flush();
    return api('GET /flows/{id}/steps/{nodeId}/test', { params: { id: flowId, nodeId } });
  }

  async function testStep(nodeId: string, override: TestOverride = {}) {
    setTests((t) => ({ ...t, [nodeId]: { state: 'running' } }));
    try {
      await flush();
      const res: { output?: unknown; error?: string | { message: string } } = await api(
        'POST /flows/{id}/steps/{nodeId}/test',
        { params: { id: flowId, nodeId }, body: override },
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

  /** A field the person edits after a failed publish loses its mark until the next publish ('all': the whole step). */
  function clearNodeIssues(nodeId: string, keys: string[] | 'all' = 'all') {
    setProblems((list) => (list ? withoutEdited(list, nodeId, keys) : list));
  }

  return {
    problems,
    publishing,
    notice,
    setNotice,
    publish,
    tests,
    testStep,
    previewTest,
    clearNodeIssues,
    clearProblems: () => setProblems(null),
  };
}
