import type { FlowGraph } from '@/lib/flows/graph';

// Undo/redo over whole graphs. Typing in one field within a short time counts
// as one step, so Ctrl+Z undoes a word rather than a letter.

export type History = {
  past: FlowGraph[];
  present: FlowGraph;
  future: FlowGraph[];
  lastKey?: string;
  lastAt?: number;
};

export type HistoryAction =
  | { type: 'commit'; graph: FlowGraph; coalesceKey?: string; at?: number }
  /** Changes that are not undo steps on their own (positions while dragging). */
  | { type: 'replace'; graph: FlowGraph }
  /** Saves the present as an undo point without changing it (start of a drag). */
  | { type: 'checkpoint' }
  | { type: 'undo' }
  | { type: 'redo' };

const LIMIT = 100;
const COALESCE_MS = 1000;

export const initialHistory = (graph: FlowGraph): History => ({ past: [], present: graph, future: [] });

export function historyReducer(state: History, action: HistoryAction): History {
  switch (action.type) {
    case 'commit': {
      if (action.graph === state.present) return state;
      const at = action.at ?? Date.now();
      const coalesce =
        action.coalesceKey !== undefined &&
        action.coalesceKey === state.lastKey &&
        state.lastAt !== undefined &&
        at - state.lastAt < COALESCE_MS;
      return {
        past: coalesce ? state.past : [...state.past, state.present].slice(-LIMIT),
        present: action.graph,
        future: [],
        lastKey: action.coalesceKey,
        lastAt: at,
      };
    }
    case 'replace':
      return { ...state, present: action.graph };
    case 'checkpoint':
      return { past: [...state.past, state.present].slice(-LIMIT), present: state.present, future: [] };
    case 'undo': {
      const prev = state.past[state.past.length - 1];
      if (!prev) return state;
      return { past: state.past.slice(0, -1), present: prev, future: [state.present, ...state.future] };
    }
    case 'redo': {
      const next = state.future[0];
      if (!next) return state;
      return { past: [...state.past, state.present], present: next, future: state.future.slice(1) };
    }
  }
}
