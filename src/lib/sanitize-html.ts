import type sanitize from 'sanitize-html';
import { lazyRequire } from './lazy-require.ts';

const sanitizeLibrary = lazyRequire<typeof sanitize>('sanitize-html');

// One allow-list for every piece of HTML we show or send: inbound email (hostile by default) and
// agent-written replies. Anything not named here is dropped, so new browser features stay off.

const extraTags = ['img', 'font', 'center', 'del', 'ins', 'strike', 'tt', 'big'];

// Presentational attributes email HTML still relies on. No `class` or `id`: mail could otherwise
// borrow the app's own CSS classes to look like UI, or clobber DOM ids the app uses.
const layout = ['align', 'valign', 'width', 'height', 'bgcolor', 'border'];
const allowedAttributes: sanitize.IOptions['allowedAttributes'] = {
  '*': ['style', 'dir', 'lang', 'title', 'align'],
  a: ['href', 'name', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'border'],
  font: ['color', 'face', 'size'],
  table: [...layout, 'cellpadding', 'cellspacing'],
  td: [...layout, 'colspan', 'rowspan', 'nowrap'],
  th: [...layout, 'colspan', 'rowspan', 'nowrap'],
  tr: layout,
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  ol: ['start', 'type'],
  li: ['value'],
  blockquote: ['cite'],
};

// Inline styles carry most email formatting. Values are kept only when they cannot load anything:
// no url(), expression() or escapes, which is where CSS-borne tracking and old IE script live.
const safeCssValue = /^(?!.*(?:url\s*\(|expression\s*\(|\\|javascript:|@import))[-\w\s.,#%()'"!/+]*$/i;
const styledProperties = [
  'color',
  'background-color',
  'background',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'line-height',
  'letter-spacing',
  'text-align',
  'text-decoration',
  'text-indent',
  'text-transform',
  'white-space',
  'vertical-align',
  'direction',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-collapse',
  'border-spacing',
  'border-radius',
  'width',
  'max-width',
  'min-width',
  'height',
  'max-height',
  'min-height',
  'display',
  'list-style-type',
];
const allowedStyles = { '*': Object.fromEntries(styledProperties.map((name) => [name, [safeCssValue]])) };

// Raster images only: an SVG data URL is a document of its own.
const safeDataImage = /^data:image\/(?:png|jpe?g|gif|webp|bmp|avif);base64,[a-z0-9+/=\s]*$/i;

const options: Omit<sanitize.IOptions, 'allowedTags'> = {
  allowedAttributes,
  allowedStyles,
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  // Their text is not content: drop it together with the tag.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'xml', 'template'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^\s*(?:https?|mailto):/i.test(attribs.href ?? '')
        ? { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' }
        : attribs,
    }),
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs;
      const keep = src !== undefined && (!/^\s*data:/i.test(src) || safeDataImage.test(src.trim()));
      return { tagName, attribs: keep ? attribs : rest };
    },
  },
};

/** Makes untrusted HTML safe to render inside the app: formatting stays, anything active goes. */
let withTags: sanitize.IOptions | undefined;

export function sanitizeHtml(html: string): string {
  const library = sanitizeLibrary();
  withTags ??= { ...options, allowedTags: [...library.defaults.allowedTags, ...extraTags] };
  return library(html, withTags);
}
