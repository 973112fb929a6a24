import { cn } from '@rapport/ui/cn.ts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type KeyboardEvent, type Ref, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import type { Contact } from '../customers/api.ts';
import type { Ticket } from '../tickets/api.ts';
import { StatusBadge } from '../tickets/TicketBadges.tsx';
import { searchContacts, searchTickets } from './api.ts';

const t = messages.search;

const groupHeading = 'border-t border-slate-100 bg-slate-50 px-3 py-1 text-xs font-semibold text-slate-700 first:border-t-0';

type Result = { kind: 'ticket'; ticket: Ticket } | { kind: 'contact'; contact: Contact };
const resultId = (result: Result) => (result.kind === 'ticket' ? `t-${result.ticket.id}` : `c-${result.contact.id}`);

/**
 * Search as you type: a combobox whose options are tickets and contacts, in two groups; arrows move
 * across both, Enter opens the ticket or the contact's page, Escape closes.
 */
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
  const contactResults = useQuery({
    queryKey: ['search', 'contacts', q],
    queryFn: ({ signal }) => searchContacts(q, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const tickets: Result[] = q ? (results.data?.items ?? []).map((ticket) => ({ kind: 'ticket', ticket })) : [];
  const contacts: Result[] = q ? (contactResults.data?.items ?? []).map((contact) => ({ kind: 'contact', contact })) : [];
  const items = [...tickets, ...contacts];
  const isOpen = open && text.trim().length > 0;
  const fetching = results.isFetching || contactResults.isFetching;

  function choose(result: Result | undefined) {
    if (!result) return;
    setOpen(false);
    setText('');
    if (result.kind === 'ticket') void navigate({ to: '/tickets/$ticketId', params: { ticketId: result.ticket.id } });
    else void navigate({ to: '/contacts/$contactId', params: { contactId: result.contact.id } });
  }

  const option = (result: Result, index: number) => (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the input handles the keys for its options (aria-activedescendant)
    <div
      key={resultId(result)}
      id={`${listId}-${resultId(result)}`}
      role="option"
      tabIndex={-1}
      aria-selected={index === active}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => choose(result)}
      className={cn('flex cursor-pointer items-center gap-2 px-3 py-2 text-sm', index === active && 'bg-blue-50')}
    >
      {result.kind === 'ticket' ? (
        <>
          <span className="text-slate-600 tabular-nums">#{result.ticket.number}</span>
          <span className="min-w-0 flex-1 truncate">{result.ticket.subject}</span>
          <StatusBadge ticket={result.ticket} />
        </>
      ) : (
        <>
          <span className="min-w-0 truncate font-medium">{result.contact.name}</span>
          {result.contact.emails[0] && <span className="min-w-0 flex-1 truncate text-xs text-slate-600">{result.contact.emails[0]}</span>}
        </>
      )}
    </div>
  );

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
        aria-activedescendant={isOpen && items[active] ? `${listId}-${resultId(items[active])}` : undefined}
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
            {tickets.length > 0 && (
              // biome-ignore lint/a11y/useSemanticElements: a group of options inside a listbox (a fieldset cannot be one)
              <div role="group" aria-labelledby={`${listId}-tickets`}>
                <div id={`${listId}-tickets`} role="presentation" className={groupHeading}>
                  {t.tickets}
                </div>
                {tickets.map((result, index) => option(result, index))}
              </div>
            )}
            {contacts.length > 0 && (
              // biome-ignore lint/a11y/useSemanticElements: a group of options inside a listbox (a fieldset cannot be one)
              <div role="group" aria-labelledby={`${listId}-contacts`}>
                <div id={`${listId}-contacts`} role="presentation" className={groupHeading}>
                  {t.contacts}
                </div>
                {contacts.map((result, index) => option(result, tickets.length + index))}
              </div>
            )}
          </div>
          <p role="status" className="px-3 py-2 text-xs text-slate-600">
            {fetching ? t.searching : q && items.length === 0 ? t.noResults(q) : q ? t.results(items.length) : ''}
          </p>
        </div>
      )}
    </div>
  );
}
