import { cn } from '@rapport/ui/cn.ts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type KeyboardEvent, type Ref, useEffect, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import type { Ticket } from '../tickets/api.ts';
import { StatusBadge } from '../tickets/TicketBadges.tsx';
import { searchTickets } from './api.ts';

const t = messages.search;

function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Search as you type: a combobox whose options are tickets; arrows move, Enter opens, Escape closes. */
export function SearchBox({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const q = useDebounced(text.trim(), 200);
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => searchTickets(q, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const items = q ? (results.data?.items ?? []) : [];
  const isOpen = open && text.trim().length > 0;

  function choose(ticket: Ticket | undefined) {
    if (!ticket) return;
    setOpen(false);
    setText('');
    void navigate({ to: '/tickets/$ticketId', params: { ticketId: ticket.id } });
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, items.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(items[active]);
    } else if (event.key === 'Escape') {
      setOpen(false);
      (event.target as HTMLInputElement).blur();
    }
  }

  return (
    <div className="relative w-full max-w-md">
      <label htmlFor={`${listId}-input`} className="sr-only">
        {t.label}
      </label>
      <input
        id={`${listId}-input`}
        ref={inputRef}
        type="search"
        role="combobox"
        aria-expanded={isOpen}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={isOpen && items[active] ? `${listId}-${items[active].id}` : undefined}
        autoComplete="off"
        placeholder={t.placeholder}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={handleKeyDown}
        className="w-full rounded-md border border-white/20 bg-white/10 px-3 py-1.5 text-sm text-white placeholder:text-blue-100 focus:bg-white focus:text-slate-900 focus:placeholder:text-slate-500"
      />
      {isOpen && (
        <div className="absolute top-full right-0 left-0 z-30 mt-1 overflow-hidden rounded-md bg-white text-slate-900 shadow-lg ring-1 ring-slate-200">
          <div id={listId} role="listbox" aria-label={t.label} className="max-h-96 overflow-y-auto">
            {items.map((ticket, index) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the input handles the keys for its options (aria-activedescendant)
              <div
                key={ticket.id}
                id={`${listId}-${ticket.id}`}
                role="option"
                tabIndex={-1}
                aria-selected={index === active}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(ticket)}
                className={cn('flex cursor-pointer items-center gap-2 px-3 py-2 text-sm', index === active && 'bg-blue-50')}
              >
                <span className="text-slate-600 tabular-nums">#{ticket.number}</span>
                <span className="min-w-0 flex-1 truncate">{ticket.subject}</span>
                <StatusBadge ticket={ticket} />
              </div>
            ))}
          </div>
          <p role="status" className="px-3 py-2 text-xs text-slate-600">
            {results.isFetching ? t.searching : q && items.length === 0 ? t.noResults(q) : q ? t.results(items.length) : ''}
          </p>
        </div>
      )}
    </div>
  );
}
