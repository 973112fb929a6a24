import DOMPurify from 'dompurify';

// Email HTML is hostile input: the server sanitises it, and the browser does again before it is
// rendered (defence in depth, and the server's rules may change). Forms, styles and frames go;
// links open in a new tab without the opener; remote images go (tracking pixels; the CSP blocks
// them anyway) while inline ones (cid:) point at the ticket's attachments.
const purify = DOMPurify(window);

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

export function sanitizeMessageHtml(html: string, inlineImages: ReadonlyMap<string, string>) {
  const fragment = purify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'class', 'id'],
    ADD_URI_SAFE_ATTR: [],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|cid:|\/api\/v1\/attachments\/|#)/i,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const image of fragment.querySelectorAll('img')) {
    const src = image.getAttribute('src') ?? '';
    const inline = src.toLowerCase().startsWith('cid:') ? inlineImages.get(src.slice(4).replace(/^<|>$/g, '')) : undefined;
    if (inline) image.setAttribute('src', inline);
    else if (!src.startsWith('/api/v1/attachments/')) image.remove();
  }
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

/**
 * Search titles and excerpts: the server escapes them and wraps matches in <mark>; only <mark>
 * survives here, as text with no attributes, whatever the server sends.
 */
export const sanitizeHighlight = (html: string) => purify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] });

/**
 * An article body (sanitised on the server when saved). Links open in a new tab; images only from
 * the article's own attachments (the CSP blocks other origins anyway).
 */
export function sanitizeArticleHtml(html: string) {
  const fragment = purify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'class', 'id'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|\/api\/v1\/kb\/attachments\/|\/portal\/kb\/|#)/i,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const image of fragment.querySelectorAll('img'))
    if (!/^\/(api\/v1|portal)\/kb\/attachments\//.test(image.getAttribute('src') ?? '')) image.remove();
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

/** The text of a search title or excerpt, without its <mark>s (for pasting into a plain-text reply). */
export const highlightText = (html: string) => new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
