import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { type FormEvent, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { useUsers } from '../directory/use-directory.ts';
import type { Article, Diff } from './api.ts';
import { useDiff, useRestoreVersion, useVersions } from './use-kb.ts';
import { useCanWriteKb } from './ticket-articles.ts';

const t = messages.kb.versions;

/**
 * Every version of one language, newest first: compare any two (word by word, insertions and
 * deletions marked) and restore an older one, which becomes the latest as a new version.
 */
export function VersionsPanel({
  article,
  language,
  restoreDisabled,
  onRestored,
}: {
  article: Article;
  language: string;
  /** Unsaved edits would be lost: restoring waits until they are saved. */
  restoreDisabled: boolean;
  onRestored: (article: Article) => void;
}) {
  const versions = useVersions(article.id, language);
  const restore = useRestoreVersion(article.id, language);
  const canWrite = useCanWriteKb();
  const { usersById } = useUsers();
  const latest = article.translation.latestVersion;
  // Until the writer picks, the comparison is of the two latest versions.
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  const from = picked.from ?? Math.max(1, latest - 1);
  const to = picked.to ?? latest;
  const setFrom = (number: number) => setPicked((current) => ({ ...current, from: number }));
  const setTo = (number: number) => setPicked((current) => ({ ...current, to: number }));
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const diff = useDiff(article.id, language, range);
  const [done, setDone] = useState('');
  const fromId = useId();
  const toId = useId();
  const headingId = useId();
  const numbers = (versions.data ?? []).map((version) => version.number);

  function handleCompare(event: FormEvent) {
    event.preventDefault();
    setRange({ from, to });
  }

  function handleRestore(number: number) {
    setDone('');
    restore.mutate(number, {
      onSuccess: (restored) => {
        setDone(t.restored(number, restored.latest.number));
        setPicked({ from: number, to: restored.latest.number });
        setRange(null);
        onRestored(restored);
      },
    });
  }

  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={headingId} className="text-sm font-semibold text-slate-900">
        {t.title}
      </h2>
      {versions.isPending && <Spinner label={messages.app.loading} />}
      {versions.isError && <Alert>{versions.error.message}</Alert>}
      {restore.isError && <Alert>{restore.error.message}</Alert>}
      <p role="status" className="text-sm text-green-800 empty:hidden">
        {done}
      </p>
      {numbers.length > 1 && (
        <form onSubmit={handleCompare} aria-label={t.compare} className="flex flex-wrap items-end gap-2">
          <VersionSelect id={fromId} label={t.from} value={from} numbers={numbers} onChange={setFrom} />
          <VersionSelect id={toId} label={t.to} value={to} numbers={numbers} onChange={setTo} />
          <Button type="submit" size="sm" disabled={from === to}>
            {t.compare}
          </Button>
        </form>
      )}
      {range &&
        (diff.isPending ? (
          <Spinner label={messages.app.loading} />
        ) : diff.isError ? (
          <Alert>{diff.error.message}</Alert>
        ) : (
          diff.data && <DiffView diff={diff.data} />
        ))}
      <ol className="divide-y divide-slate-100 text-sm" data-testid="kb-versions">
        {(versions.data ?? []).map((version) => (
          <li key={version.number} data-version={version.number} className="flex flex-wrap items-start justify-between gap-2 py-2">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">
                {t.version(version.number)}
                {version.number === article.translation.publishedVersion && (
                  <span className="ml-2">
                    <Badge tone="green">{t.published}</Badge>
                  </span>
                )}
                {version.number === latest && (
                  <span className="ml-2">
                    <Badge>{t.latest}</Badge>
                  </span>
                )}
              </p>
              <p className="text-xs text-slate-700">
                {t.byline(usersById.get(version.authorId)?.name ?? t.someone, formatShortDateTime(version.createdAt))}
                {version.note && ` — ${version.note}`}
              </p>
            </div>
            {canWrite && version.number !== latest && (
              <Button
                size="sm"
                aria-label={t.restoreLabel(version.number)}
                disabled={restoreDisabled || restore.isPending}
                title={restoreDisabled ? messages.kb.article.saveFirst : undefined}
                onClick={() => handleRestore(version.number)}
              >
                {t.restore}
              </Button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function VersionSelect({
  id,
  label,
  value,
  numbers,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  numbers: number[];
  onChange: (value: number) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-semibold text-slate-700">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
        className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {numbers.map((number) => (
          <option key={number} value={number}>
            {t.version(number)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The changes between two versions: deletions struck through in red, insertions underlined in green. */
export function DiffView({ diff }: { diff: Diff }) {
  const parts = (changes: Diff['body']) =>
    changes.map((part, index) =>
      part.op === 'insert' ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
        <ins key={index} className="bg-green-100 text-green-950 underline decoration-green-700">
          {part.text}
        </ins>
      ) : part.op === 'delete' ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
        <del key={index} className="bg-red-100 text-red-950 line-through decoration-red-700">
          {part.text}
        </del>
      ) : (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
        <span key={index}>{part.text}</span>
      ),
    );
  const unchanged = diff.title.every((part) => part.op === 'equal') && diff.body.every((part) => part.op === 'equal');
  return (
    <figure className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="kb-diff">
      <figcaption className="mb-2 text-xs font-semibold text-slate-700">{t.diffCaption(diff.from, diff.to)}</figcaption>
      {unchanged ? (
        <p className="text-sm text-slate-700">{t.noChanges}</p>
      ) : (
        <>
          <p className="mb-2 font-semibold text-slate-900">{parts(diff.title)}</p>
          <p className="text-sm whitespace-pre-wrap text-slate-900">{parts(diff.body)}</p>
        </>
      )}
      <p className="mt-2 text-xs text-slate-600">{t.legend}</p>
    </figure>
  );
}
