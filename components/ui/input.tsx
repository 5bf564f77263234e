import type { ComponentProps } from 'react';
import { cn } from './cn';
import { controlClasses } from './control-styles';

export function Input({ className, ...rest }: ComponentProps<'input'>) {
  return <input className={cn(controlClasses, 'h-9', className)} {...rest} />;
}
