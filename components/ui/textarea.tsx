import type { ComponentProps } from 'react';
import { cn } from './cn';
import { controlClasses } from './control-styles';

export function Textarea({ className, rows = 4, ...rest }: ComponentProps<'textarea'>) {
  return <textarea rows={rows} className={cn(controlClasses, 'min-h-20 font-[inherit]', className)} {...rest} />;
}
