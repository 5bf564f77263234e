'use client';

import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { diffGraphs, isEmptyDiff } from '@/lib/flows/diff-graphs';
import type { FlowGraph } from '@/lib/flows/graph';
import type { FlowView } from '@/lib/flows/flow-view';
import { stepCatalog, TRIGGER_TYPE } from '@/lib/integrations/registry';
import { api } from '@/lib/api/client';
import { ConfigPanel } from './config-panel';
import { DraftStatus } from './draft-status';
import { EditorHelp } from './editor-help';
import { EditorToolbar } from './editor-toolbar';
import {
  addNode,
  ancestors,
  connect,
  connectionProblem,
  edgeKey,
  moveNodes,
  removeEdges,
  removeNodes,
  updateNode,
} from './graph-ops';
import { historyReducer, initialHistory } from './history';
import { DRAG_TYPE, Palette } from './palette';
import { ProblemList } from './problem-list';
import { arrange, changedKeys, type Problem } from './publish-problems';
import { nodeTypes, type StepNodeType } from './step-node';
import { toCanvasNode } from './to-canvas-node';
import { SourceSetup } from './source-setup';
import { TemplateSetup } from './template-setup';
import { TriggerPanel } from './trigger-panel';
import { BackupCheckPanel } from '@/components/backup-check/backup-check-panel';
import { useAutosave } from './use-autosave';
import { useCan } from '@/components/auth/role-context';
import { useFlowActions } from './use-flow-actions';
import { useNarrowScreen } from './use-narrow-screen';
import { useSampleEvent } from './use-sample-event';
import { variableGroups } from './variables';
import { applySource, triggerContact, triggerFields } from '@/lib/integrations/webhook/sources';

type EditorProps = {
  flow: FlowView;
  /** The published version's graph (null if never published), to tell the draft's changes from what runs. */
  liveGraph: FlowGraph | null;
  /** Just made from a template: show what is left to fill in (template-setup.tsx). */
  setup?: boolean;
};

export function FlowEditor(props: EditorProps) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}

function EditorInner({ flow, liveGraph, setup = false }: EditorProps) {
  const [history, dispatch] = useReducer(historyReducer, flow.graph, initialHistory);
  const graph = history.present;
  const [live, setLive] = useState<FlowGraph | null>(liveGraph);
  /** The graph on screen when Publish was pressed: what the new live version holds. */
  const publishing = useRef<FlowGraph | null>(null);
  const [name, setName] = useState(flow.name);
  const [status, setStatus] = useState(flow.status);
  const [version, setVersion] = useState(flow.publishedVersion);
  const [selected, setSelected] = useState<string[]>(() =>
    [flow.graph.nodes.find((n) => n.type === TRIGGER_TYPE)?.id ?? ''].filter(Boolean),
  );
  const [selectedEdges, setSelectedEdges] = useState<string[]>([]);
  const [dims, setDims] = useState<Record<string, { width: number; height: number }>>({});
  const [outputs, setOutputs] = useState<Record<string, unknown>>({});
  const dragging = useRef(false);
  // Kept for this visit; the address goes back to the flow's own, so a reload or a shared link is the plain editor.
  const [showSetup] = useState(setup);
  useEffect(() => {
    if (!setup) return;
    const url = new URL(window.location.href);
    url.searchParams.delete('setup');
    window.history.replaceState(window.history.state, '', url);
  }, [setup]);
  const rf = useReactFlow();
  const narrow = useNarrowScreen();
  // A viewer sees the flow as it is: nothing can be moved, connected, edited or published.
  const readOnly = !useCan('editor');

  const save = useAutosave(flow.id, { name: name.trim() || flow.name, graph });
  const sample = useSampleEvent(flow.id, flow.sampleEventId);
  const actions = useFlowActions(
    flow.id,
    save.flush,
    (v) => {
      setVersion(v);
      setStatus((s) => (s === 'draft' ? 'live' : s));
      if (publishing.current) setLive(publishing.current);
    },
    (nodeId, output) => setOutputs((o) => ({ ...o, [nodeId]: output })),
  );
  const { notice, setNotice, tests } = actions;
  // Problems placed on nodes and fields; recomputed when steps come or go, not on every keystroke.
  const stepTypes = graph.nodes.map((n) => `${n.id}:${n.type}`).join(',');
  const issues = useMemo(() => {
    if (!actions.problems) return null;
    const types = Object.fromEntries(stepTypes.split(',').map((pair) => pair.split(':') as [string, string]));
    return arrange(actions.problems, types);
  }, [actions.problems, stepTypes]);
  // The draft against the live version (positions are layout and do not count).
  const deferredGraph = useDeferredValue(graph);
  const liveDiff = useMemo(() => (live ? diffGraphs(live, deferredGraph) : null), [live, deferredGraph]);
  const unpublished = !!liveDiff && !isEmptyDiff(liveDiff);
  const commit = useCallback(
    (g: FlowGraph, coalesceKey?: string) => {
      if (!readOnly) dispatch({ type: 'commit', graph: g, coalesceKey });
    },
    [readOnly],
  );

  // Earlier steps' outputs for the variable picker: from the latest run, if any.
  useEffect(() => {
    (async () => {
      const runs = await api('GET /flows/{id}/runs', { params: { id: flow.id }, query: { limit: 1 } });
      if (!runs.items[0]) return;
      const run = await api('GET /runs/{id}', { params: { id: runs.items[0].id } });
      setOutputs((o) => ({
        ...Object.fromEntries(run.steps.filter((s) => s.output != null).map((s) => [s.nodeId, s.output])),
        ...o,
      }));
    })().catch(() => {});
  }, [flow.id]);

  // Undo / redo; text fields keep their own native undo.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, select, [contenteditable=true]')) return;
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) dispatch({ type: 'undo' });
      else if ((k === 'z' && e.shiftKey) || k === 'y') dispatch({ type: 'redo' });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const primary = selected.length === 1 ? graph.nodes.find((n) => n.id === selected[0]) : undefined;

  const nodes: StepNodeType[] = useMemo(
    () =>
      graph.nodes.map((n) =>
        toCanvasNode(n, {
          selected: selected.includes(n.id),
          measured: dims[n.id],
          issues: issues?.byNode[n.id],
          webhookUrl: flow.webhookUrl,
        }),
      ),
    [graph.nodes, selected, dims, issues, flow.webhookUrl],
  );

  const edges: Edge[] = useMemo(
    () =>
      graph.edges.map((e) => ({
        id: edgeKey(e),
        source: e.source,
        target: e.target,
        selected: selectedEdges.includes(edgeKey(e)),
        animated: status === 'live',
      })),
    [graph.edges, selectedEdges, status],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      const positions = new Map<string, { x: number; y: number }>();
      let sel: string[] | null = null;
      const newDims: Record<string, { width: number; height: number }> = {};
      for (const c of changes) {
        if (c.type === 'position' && c.position) positions.set(c.id, c.position);
        if (c.type === 'select') {
          sel ??= [...selected];
          sel = c.selected ? [...new Set([...sel, c.id])] : sel.filter((id) => id !== c.id);
        }
        if (c.type === 'dimensions' && c.dimensions) newDims[c.id] = c.dimensions;
      }
      if (positions.size) {
        const next = moveNodes(graph, positions);
        dispatch(dragging.current ? { type: 'replace', graph: next } : { type: 'commit', graph: next });
      }
      if (sel) setSelected(sel);
      if (Object.keys(newDims).length) setDims((d) => ({ ...d, ...newDims }));
    },
    [graph, selected],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    for (const c of changes) {
      if (c.type === 'select')
        setSelectedEdges((s) => (c.selected ? [...new Set([...s, c.id])] : s.filter((id) => id !== c.id)));
    }
  }, []);

  const add = useCallback(
    (type: string, position?: { x: number; y: number }) => {
      const sinks = graph.nodes.filter((n) => !graph.edges.some((e) => e.source === n.id));
      const after = position
        ? null
        : (primary?.id ?? sinks.sort((a, b) => (b.position?.y ?? 0) - (a.position?.y ?? 0))[0]?.id ?? null);
      const res = addNode(graph, type, { afterId: after, position });
      commit(res.graph);
      setSelected([res.id]);
      setSelectedEdges([]);
      if (!position)
        requestAnimationFrame(() =>
          requestAnimationFrame(() => void rf.fitView({ padding: 0.3, maxZoom: 1, duration: 200 })),
        );
    },
    [graph, primary, commit, rf],
  );

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_TYPE);
      if (!type || !stepCatalog[type]) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      add(type, { x: p.x - 128, y: p.y - 28 });
    },
    [rf, add],
  );

  const groups = useMemo(() => {
    if (!primary) return [];
    const earlier = ancestors(graph, primary.id)
      .map((id) => graph.nodes.find((n) => n.id === id)!)
      .filter((n) => n.type !== TRIGGER_TYPE && outputs[n.id] !== undefined)
      .map((n) => ({ nodeId: n.id, label: n.label ?? stepCatalog[n.type]?.label ?? n.id, output: outputs[n.id] }));
    const trigger = graph.nodes.find((n) => n.type === TRIGGER_TYPE);
    const input = sample.sample
      ? { body: sample.sample.body, headers: (sample.sample.headers ?? {}) as Record<string, unknown> }
      : null;
    const config = (trigger?.config ?? {}) as Record<string, unknown>;
    const fields = input ? triggerFields(config, input) : undefined;
    const contact = input ? triggerContact(config, input, fields) : undefined;
    return variableGroups(sample.sample, earlier, fields, contact);
  }, [primary, graph, outputs, sample.sample]);

  const primaryDef = primary ? stepCatalog[primary.type] : undefined;

  const publish = () => {
    publishing.current = graph;
    void actions.publish();
  };

  /** From the problem list: select the step, bring it into view and put the cursor in the field. */
  const focusProblem = (p: Problem) => {
    if (!p.nodeId) return;
    const nodeId = p.nodeId;
    setSelected([nodeId]);
    setSelectedEdges([]);
    void rf.fitView({ nodes: [{ id: nodeId }], padding: 0.6, maxZoom: 1, duration: 200 });
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const panel = document.querySelector('[aria-label="Step settings"]');
        const segs = p.field?.split('.') ?? [];
        for (let i = segs.length; i > 0; i--) {
          const box = panel?.querySelector(`[data-config-field="${CSS.escape(segs.slice(0, i).join('.'))}"]`);
          const control = box?.querySelector<HTMLElement>('input:not([type=hidden]), textarea, select, button');
          if (control) return control.focus();
        }
        document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`)?.focus();
      }),
    );
  };

  return (
    // Full screen over the app shell: the canvas needs the width; the toolbar links back.
    <div className="fixed inset-0 z-30 flex flex-col bg-slate-50">
      <EditorToolbar
        flowId={flow.id}
        name={name}
        onName={setName}
        status={status}
        onStatus={setStatus}
        publishedVersion={version}
        saveState={save.state}
        saveError={save.error}
        onRetrySave={save.retry}
        onPublish={publish}
        publishing={actions.publishing}
        unpublished={unpublished}
        draftStatus={
          <DraftStatus
            flowId={flow.id}
            status={status}
            publishedVersion={version}
            diff={liveDiff}
            changed={unpublished}
            flush={save.flush}
            onPublish={publish}
            publishing={actions.publishing}
            onDiscarded={(view) => {
              // The server's live version wins (it may have been published from elsewhere since this page loaded).
              commit(view.graph);
              setLive(view.graph);
              setVersion(view.publishedVersion);
              setSelected((sel) => sel.filter((id) => view.graph.nodes.some((n) => n.id === id)));
              setSelectedEdges([]);
              actions.clearProblems();
              setNotice({
                tone: 'info',
                text: `Changes discarded: the flow is back to live version ${view.publishedVersion}.`,
              });
            }}
          />
        }
      />
      {(notice || issues?.list.length) && (
        <div className="space-y-2 border-b border-slate-200 bg-white px-4 py-2" data-testid="publish-result">
          {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
          {issues && <ProblemList problems={issues.list} graph={graph} onPick={focusProblem} />}
        </div>
      )}
      <div className="flex min-h-0 flex-1 flex-col md:flex-row">
        {!readOnly && (
          <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white md:block">
            <Palette onAdd={(t) => add(t)} hasTrigger={graph.nodes.some((n) => n.type === TRIGGER_TYPE)} />
          </aside>
        )}
        {narrow && !readOnly && (
          // Above the canvas, not over it: fitView would otherwise place the trigger under it.
          <p className="border-b border-slate-200 bg-white px-3 py-2 text-xs text-slate-600" data-testid="phone-banner">
            View only on a phone: open the editor on a larger screen to add and connect steps. Tap a step to change its
            settings.
          </p>
        )}
        <div
          className="relative min-h-[55vh] flex-1 md:min-h-0"
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(DRAG_TYPE)) {
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
            }
          }}
          onDrop={onDrop}
          data-testid="canvas"
        >
          {readOnly && (
            <p
              className="absolute inset-x-2 top-2 z-10 rounded-md bg-white/95 p-2 text-xs text-slate-600 shadow-sm"
              data-testid="read-only-notice"
            >
              View only: your role in this workspace is viewer. Ask an owner to make you an editor to change this flow.
            </p>
          )}
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={(c) => {
              const problem = connectionProblem(graph, c.source, c.target);
              if (problem) setNotice({ tone: 'info', text: problem });
              else commit(connect(graph, c.source, c.target));
            }}
            isValidConnection={(c) => !connectionProblem(graph, c.source, c.target)}
            onNodeDragStart={() => {
              dragging.current = true;
              dispatch({ type: 'checkpoint' });
            }}
            onNodeDragStop={() => {
              dragging.current = false;
            }}
            onDelete={({ nodes: ns, edges: es }) => {
              let g = removeNodes(
                graph,
                ns.map((n) => n.id),
              );
              g = removeEdges(
                g,
                es.map((e) => e.id),
              );
              commit(g);
              setSelected([]);
              setSelectedEdges([]);
            }}
            deleteKeyCode={narrow || readOnly ? null : ['Backspace', 'Delete']}
            nodesDraggable={!narrow && !readOnly}
            nodesConnectable={!narrow && !readOnly}
            fitView
            fitViewOptions={{ padding: 0.3, maxZoom: 1 }}
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={20} />
            <Controls />
            <MiniMap pannable zoomable ariaLabel="Mini map of the flow" className="!hidden md:!block" />
          </ReactFlow>
        </div>
        <aside
          className="w-full shrink-0 overflow-y-auto border-t border-slate-200 bg-white p-4 md:w-[22rem] md:border-t-0 md:border-l"
          aria-label="Step settings"
        >
          {showSetup && !readOnly && (
            <TemplateSetup
              graph={graph}
              onConfig={(nodeId, config) => {
                commit(updateNode(graph, nodeId, { config }), `config:${nodeId}`);
                actions.clearNodeIssues(nodeId, ['connection', 'signature', 'signature.secret']);
              }}
              onGraph={(g) => {
                commit(g);
                actions.clearProblems();
              }}
              onShowTrigger={() => {
                const trigger = graph.nodes.find((n) => n.type === TRIGGER_TYPE);
                if (trigger) setSelected([trigger.id]);
              }}
            />
          )}
          {primary && primaryDef ? (
            <ConfigPanel
              key={primary.id}
              node={primary}
              def={primaryDef}
              groups={groups}
              showAllErrors={!!issues}
              publishIssues={issues?.nodeOnly[primary.id] ?? []}
              fieldIssues={issues?.fields[primary.id]}
              onConfig={(config) => {
                commit(updateNode(graph, primary.id, { config }), `config:${primary.id}`);
                actions.clearNodeIssues(primary.id, changedKeys(primary.config, config));
              }}
              onLabel={(label) => commit(updateNode(graph, primary.id, { label }), `label:${primary.id}`)}
              onRetry={(retry) => commit(updateNode(graph, primary.id, { retry }), `retry:${primary.id}`)}
              onDelete={() => {
                commit(removeNodes(graph, [primary.id]));
                setSelected([]);
              }}
              onTest={(override) => actions.testStep(primary.id, override)}
              onPreviewTest={() => actions.previewTest(primary.id)}
              testResult={tests[primary.id]}
              readOnly={readOnly}
            >
              {primary.type === TRIGGER_TYPE && (
                <TriggerPanel
                  webhookUrl={flow.webhookUrl}
                  testUrl={flow.testUrl}
                  listening={sample.listening}
                  onListen={sample.listen}
                  onStopListening={sample.stopListening}
                  sample={sample.sample}
                  sampleError={sample.error}
                  redirectUrl={(primary.config as { redirectUrl?: string }).redirectUrl}
                  onRedirectUrl={(redirectUrl) => {
                    const { redirectUrl: _old, ...rest } = primary.config as Record<string, unknown>;
                    const config = redirectUrl === undefined ? rest : { ...rest, redirectUrl };
                    commit(updateNode(graph, primary.id, { config }), `config:${primary.id}`);
                    actions.clearNodeIssues(primary.id, ['redirectUrl']);
                  }}
                  runs={{ publishedVersion: version, unpublished }}
                  sourceSetup={
                    <SourceSetup
                      config={primary.config as Record<string, unknown>}
                      webhookUrl={flow.webhookUrl}
                      onChange={(sourceId, secret) => {
                        const config = applySource(primary.config as Record<string, unknown>, sourceId, secret);
                        commit(updateNode(graph, primary.id, { config }), `config:${primary.id}`);
                        actions.clearNodeIssues(primary.id, ['signature', 'signature.secret', 'source']);
                      }}
                    />
                  }
                />
              )}
              {primary.type === TRIGGER_TYPE && (
                <BackupCheckPanel flowId={flow.id} config={(primary.config as { backupCheck?: unknown }).backupCheck} />
              )}
            </ConfigPanel>
          ) : (
            <EditorHelp />
          )}
        </aside>
      </div>
    </div>
  );
}
