import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';
import { cn } from './cn';

type ControlProps = {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  required?: boolean;
};

type FieldProps = {
  label: ReactNode;
  /** Exactly one control (Input, Textarea, Select...); it gets the id and aria wiring. */
  children: ReactElement<ControlProps>;
  hint?: ReactNode;
  /** Shown under the control; marks it invalid for assistive technology. */
  error?: ReactNode;
  id?: string;
  /** Extra content on the label row, e.g. a "Forgot password?" link. */
  aside?: ReactNode;
  className?: string;
};

/**
 * A labelled form control with an optional hint and an error message right
 * next to it. The error is linked with aria-describedby and aria-invalid, so a
 * screen reader announces it with the field.
 */
export function Field({ label, children, hint, error, id, aside, className }: FieldProps) {
  const generated = useId();
  const controlId = id ?? children.props.id ?? `field-${generated}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [children.props['aria-describedby'], hintId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={cn('space-y-1.5', className)}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={controlId} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        {aside}
      </div>
      {cloneElement(children, {
        id: controlId,
        'aria-invalid': error ? true : children.props['aria-invalid'],
        'aria-describedby': describedBy,
      })}
      {hint && !error && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {hint && error && (
        <p id={hintId} className="sr-only">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="flex items-start gap-1 text-xs font-medium text-red-600" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
