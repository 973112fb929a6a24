import type { ReactNode } from 'react';
import { cn } from './cn.ts';

const tones = {
  error: 'border-red-200 bg-red-50 text-red-900',
  warning: 'border-amber-300 bg-amber-50 text-amber-900',
  info: 'border-blue-200 bg-blue-50 text-blue-900',
  success: 'border-green-200 bg-green-50 text-green-900',
};

/** A message for the person at the keyboard; errors and warnings are announced at once (role=alert). */
export function Alert({
  tone = 'error',
  children,
  action,
  className,
}: {
  tone?: keyof typeof tones;
  children: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div
      role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}
      className={cn('flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-sm', tones[tone], className)}
    >
      <div>{children}</div>
      {action}
    </div>
  );
}
