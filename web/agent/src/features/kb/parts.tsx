import { Badge, type Tone } from '@rapport/ui/Badge.tsx';
import { messages } from '../../i18n/index.ts';
import { sanitizeHighlight } from '../../lib/safe-html.ts';
import type { ArticleStatus, SearchHit } from './api.ts';

const t = messages.kb;

const STATUS_TONES: Record<ArticleStatus, Tone> = { draft: 'neutral', 'in-review': 'amber', published: 'green', archived: 'slate' };

export function ArticleStatusBadge({ status }: { status: ArticleStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{t.status[status]}</Badge>;
}

export function VisibilityBadge({ visibility }: { visibility: 'public' | 'internal' }) {
  return <Badge tone={visibility === 'internal' ? 'violet' : 'blue'}>{t.visibility[visibility]}</Badge>;
}

const languageNames = new Intl.DisplayNames([messages.locale], { type: 'language', fallback: 'code' });
/** "German (de)": the name in the agent's language and the tag the API uses. */
export const languageLabel = (tag: string) => {
  const name = languageNames.of(tag);
  return name && name !== tag ? `${name} (${tag})` : tag;
};

/** Languages offered when adding a translation or filtering; any other tag can be typed. */
export const COMMON_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'nb', 'fi', 'pl', 'cs', 'tr', 'ja', 'zh'];

/** A search hit's title or excerpt: the server's escaped HTML with matches in <mark>, sanitised again to <mark> alone. */
export function Highlighted({ html, className }: { html: string; className?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped by the server, reduced to <mark> by DOMPurify
  return <span className={className} dangerouslySetInnerHTML={{ __html: sanitizeHighlight(html) }} />;
}

/** "Showing results for …" and "these have some of the words": how the server read the query. */
export function SearchNotices({
  query,
  result,
}: {
  query: string;
  result: { correctedQuery: string | null; matched: 'all' | 'any'; items: SearchHit[] };
}) {
  return (
    <>
      {result.correctedQuery && (
        <p className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-950" data-testid="kb-corrected">
          {t.search.corrected(query, result.correctedQuery.trim())}
        </p>
      )}
      {result.matched === 'any' && result.items.length > 0 && (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800">{t.search.matchedAny}</p>
      )}
    </>
  );
}
