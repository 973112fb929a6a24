import type { ReactNode } from 'react';

/** The title bar of a planning screen, with its controls on the right. */
export function PlanningHeader({ title, intro, children }: { title: string; intro?: string; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
      <div>
        <h1 className="text-lg font-semibold">{title}</h1>
        {intro && <p className="text-sm text-slate-700">{intro}</p>}
      </div>
      {children}
    </div>
  );
}
