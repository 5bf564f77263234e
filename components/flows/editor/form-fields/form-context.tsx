'use client';

import { createContext, type ReactNode } from 'react';
import type { VariableGroup } from '../variables';

// What every field of a schema form shares: errors, touched state, and
// whether strings are templates (the editor) or plain values (connections).

export type FormCtx = {
  errors: Record<string, string>;
  /** Whether to show the error at a path (touched, or after a publish attempt). */
  showError(path: string): boolean;
  touch(path: string): void;
  /** Strings are templates: offer the variable picker. */
  templates: boolean;
  groups: VariableGroup[];
  /** Editing saved settings: a secret field left blank keeps its stored value (its hint says so). */
  keepSecrets?: boolean;
  renderConnection?(props: {
    path: string;
    value: string | undefined;
    onChange(v: string | undefined): void;
    label: string;
    error?: string;
  }): ReactNode;
};

export const FormContext = createContext<FormCtx>({
  errors: {},
  showError: () => false,
  touch: () => {},
  templates: false,
  groups: [],
});

export type Obj = Record<string, unknown>;
export const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
