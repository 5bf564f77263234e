'use client';

import { useContext, useEffect, useRef, useState } from 'react';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { VariablePicker } from '../variable-picker';
import { insertAt, insertion } from '../variables';
import { FormContext } from './form-context';

// Text fields: a line or a textarea, with the variable picker in the editor;
// a secret (connection) field is a password input.

/** A text input (or textarea) with the variable picker; insertion goes at the caret. */
export function TemplateField(props: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  multiline?: boolean;
  placeholder?: string;
  secret?: boolean;
  onChange(v: string): void;
  onBlur?(): void;
}) {
  const ctx = useContext(FormContext);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);

  useEffect(() => {
    if (pendingCaret.current === null || !ref.current) return;
    ref.current.focus();
    ref.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const pick = (path: string) => {
    const el = ref.current;
    const { value, caret } = insertAt(
      props.value,
      insertion(path),
      el?.selectionStart ?? null,
      el?.selectionEnd ?? null,
    );
    pendingCaret.current = caret;
    props.onChange(value);
  };

  const control = props.multiline ? (
    <Textarea
      ref={ref}
      rows={4}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      onBlur={props.onBlur}
      placeholder={props.placeholder}
    />
  ) : (
    <Input
      ref={ref}
      type={props.secret ? 'password' : 'text'}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      onBlur={props.onBlur}
      placeholder={props.placeholder}
      autoComplete={props.secret ? 'new-password' : 'off'}
      spellCheck={false}
    />
  );
  return (
    <Field
      label={props.label}
      hint={props.hint}
      error={props.error}
      aside={
        ctx.templates && !props.secret ? (
          <VariablePicker groups={ctx.groups} onPick={pick} fieldLabel={props.label} />
        ) : undefined
      }
    >
      {control}
    </Field>
  );
}

/** Anything free-form (e.g. an HTTP body): text, or JSON when it parses as an object. */
export function FreeformField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: unknown;
  onChange(v: unknown): void;
  error?: string;
}) {
  const [text, setText] = useState(() =>
    typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value, null, 2),
  );
  return (
    <TemplateField
      label={label}
      hint="Text, or JSON ({ … }) to send an object"
      error={error}
      multiline
      value={text}
      onChange={(t) => {
        setText(t);
        if (t.trim() === '') return onChange(undefined);
        if (/^\s*[[{]/.test(t)) {
          try {
            return onChange(JSON.parse(t));
          } catch {
            // Not JSON (yet): keep it as text.
          }
        }
        onChange(t);
      }}
    />
  );
}
