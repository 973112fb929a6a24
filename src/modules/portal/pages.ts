import { escapeHtml } from '../../lib/escape-html.ts';

/**
 * The customer portal's knowledge-base pages, rendered on the server: readable without JavaScript
 * and by search engines. Text is escaped here; article bodies were sanitised when saved, and
 * titles and excerpts from search arrive escaped with <mark> around matches. Pure: no I/O.
 */

export interface PortalChrome {
  workspaceName: string;
  language: string;
}

export interface ContentsPage extends PortalChrome {
  categories: Array<{
    name: string;
    description: string;
    sections: Array<{ name: string; articles: Array<{ id: string; title: string }> }>;
  }>;
  unfiled: Array<{ id: string; title: string }>;
}

export interface ResultsPage extends PortalChrome {
  query: string;
  hits: Array<{ articleId: string; title: string; excerpt: string }>;
  correctedQuery: string | null;
  matched: 'all' | 'any';
  nextCursor: string | null;
}

export interface ArticlePage extends PortalChrome {
  article: {
    id: string;
    title: string;
    bodyHtml: string;
    publishedAt: string;
    languages: string[];
    attachments: Array<{ id: string; filename: string; size: number }>;
  };
  feedbackToken: string;
  thanks: boolean;
}

const STYLE = `
body{font:16px/1.6 system-ui,sans-serif;color:#1a1a1a;background:#f6f7f9;margin:0}
header{background:#1e3a8a;color:#fff;padding:1rem 1.5rem}header a{color:#fff;text-decoration:none;font-weight:600;font-size:1.15rem}
main{max-width:48rem;margin:1.5rem auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .25rem;color:#374151}
a{color:#1d4ed8}ul.articles{margin:.25rem 0 1rem;padding-left:1.25rem}
form.search{display:flex;gap:.5rem;margin-bottom:1.5rem}form.search input{flex:1;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:6px}
button{font:inherit;background:#1d4ed8;color:#fff;border:0;border-radius:6px;padding:.5rem 1.2rem;cursor:pointer}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
mark{background:#fde68a;color:inherit}.hit{margin:0 0 1.25rem}.hit p{margin:.25rem 0;color:#374151}
.notice{background:#eef2ff;border-radius:6px;padding:.75rem 1rem;margin-bottom:1rem}.meta{color:#4b5563;font-size:.9rem}
.article img{max-width:100%}fieldset{border:1px solid #d1d5db;border-radius:6px;margin-top:2rem;padding:1rem}
legend{font-weight:600;padding:0 .25rem}textarea{font:inherit;width:100%;box-sizing:border-box;min-height:4rem;padding:.4rem}
.choice{display:inline-flex;align-items:center;gap:.35rem;margin-right:1rem}label.block{display:block;margin:.75rem 0 .25rem}
nav.breadcrumbs{font-size:.9rem;margin-bottom:.5rem}
`;

function documentOf(chrome: PortalChrome, title: string, main: string, canonical: string) {
  return `<!doctype html>
<html lang="${escapeHtml(chrome.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${escapeHtml(chrome.workspaceName)}</title>
<link rel="canonical" href="${escapeHtml(canonical)}">
<style>${STYLE}</style>
</head>
<body>
<header><a href="/portal/kb">${escapeHtml(chrome.workspaceName)} help centre</a></header>
<main id="main">
${main}
</main>
</body>
</html>`;
}

const searchForm = (query = '') => `<form class="search" method="get" action="/portal/kb" role="search">
<label for="q" class="visually-hidden" style="position:absolute;left:-9999px">Search the help centre</label>
<input id="q" name="q" type="search" value="${escapeHtml(query)}" placeholder="Search the help centre" maxlength="200">
<button type="submit">Search</button>
</form>`;

const articleLink = (id: string, title: string) =>
  `<li><a href="/portal/kb/articles/${encodeURIComponent(id)}">${escapeHtml(title)}</a></li>`;

export function renderContents(page: ContentsPage) {
  const sections = page.categories
    .map(
      (category) =>
        `<h2>${escapeHtml(category.name)}</h2>${category.description ? `<p class="meta">${escapeHtml(category.description)}</p>` : ''}${category.sections
          .map(
            (section) =>
              `<h3>${escapeHtml(section.name)}</h3><ul class="articles">${section.articles.map((a) => articleLink(a.id, a.title)).join('')}</ul>`,
          )
          .join('')}`,
    )
    .join('');
  const unfiled = page.unfiled.length
    ? `<h2>More articles</h2><ul class="articles">${page.unfiled.map((a) => articleLink(a.id, a.title)).join('')}</ul>`
    : '';
  const empty = !sections && !unfiled ? '<p>No articles are published yet.</p>' : '';
  return documentOf(page, 'Help centre', `<h1>How can we help?</h1>${searchForm()}${sections}${unfiled}${empty}`, '/portal/kb');
}

export function renderResults(page: ResultsPage) {
  const notices = [
    page.correctedQuery
      ? `<p class="notice">No articles matched “${escapeHtml(page.query)}”; showing results for “${escapeHtml(page.correctedQuery)}”.</p>`
      : '',
    page.matched === 'any' && page.hits.length ? '<p class="notice">No article has all of these words; these have some of them.</p>' : '',
  ].join('');
  const hits = page.hits.length
    ? page.hits
        .map(
          (hit) =>
            `<div class="hit"><a href="/portal/kb/articles/${encodeURIComponent(hit.articleId)}">${hit.title}</a><p>${hit.excerpt}</p></div>`,
        )
        .join('')
    : `<p>No articles match “${escapeHtml(page.query)}”. Try other words, or <a href="/portal/kb">browse the articles</a>.</p>`;
  const more = page.nextCursor
    ? `<p><a href="/portal/kb?q=${encodeURIComponent(page.query)}&amp;cursor=${encodeURIComponent(page.nextCursor)}">More results</a></p>`
    : '';
  return documentOf(
    page,
    `Search: ${page.query}`,
    `<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/portal/kb">Help centre</a></nav><h1>Search results</h1>${searchForm(page.query)}${notices}${hits}${more}`,
    `/portal/kb?q=${encodeURIComponent(page.query)}`,
  );
}

const size = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export function renderArticle(page: ArticlePage) {
  const { article } = page;
  const path = `/portal/kb/articles/${encodeURIComponent(article.id)}`;
  const languages =
    article.languages.length > 1
      ? `<p class="meta">Also in: ${article.languages
          .filter((language) => language !== page.language)
          .map(
            (language) =>
              `<a href="${path}?lang=${encodeURIComponent(language)}" hreflang="${escapeHtml(language)}">${escapeHtml(language)}</a>`,
          )
          .join(', ')}</p>`
      : '';
  const attachments = article.attachments.length
    ? `<h2>Files</h2><ul>${article.attachments
        .map(
          (file) =>
            `<li><a href="/portal/kb/attachments/${encodeURIComponent(file.id)}">${escapeHtml(file.filename)}</a> (${size(file.size)})</li>`,
        )
        .join('')}</ul>`
    : '';
  const feedback = page.thanks
    ? '<p class="notice" role="status">Thank you for your feedback.</p>'
    : `<form method="post" action="${path}/feedback">
<fieldset>
<legend>Was this article helpful?</legend>
<input type="hidden" name="token" value="${escapeHtml(page.feedbackToken)}">
<input type="hidden" name="lang" value="${escapeHtml(page.language)}">
<span class="choice"><input type="radio" id="helpful-yes" name="helpful" value="yes" required><label for="helpful-yes">Yes</label></span>
<span class="choice"><input type="radio" id="helpful-no" name="helpful" value="no"><label for="helpful-no">No</label></span>
<label class="block" for="comment">What could be better? (optional)</label>
<textarea id="comment" name="comment" maxlength="2000"></textarea>
<p><button type="submit">Send feedback</button></p>
</fieldset>
</form>`;
  return documentOf(
    page,
    article.title,
    `<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/portal/kb">Help centre</a></nav>${searchForm()}<article class="article"><h1>${escapeHtml(article.title)}</h1><p class="meta">Updated ${escapeHtml(article.publishedAt.slice(0, 10))}</p>${languages}${article.bodyHtml}</article>${attachments}${feedback}`,
    path,
  );
}

export function renderMessage(chrome: PortalChrome, title: string, message: string) {
  return documentOf(
    chrome,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/portal/kb">Back to the help centre</a></p>`,
    '/portal/kb',
  );
}
