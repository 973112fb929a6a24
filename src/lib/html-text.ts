import { lazyRequire } from './lazy-require.ts';

const htmlToTextLibrary = lazyRequire<typeof import('html-to-text')>('html-to-text');

/** A readable plain-text rendering of HTML (for search, previews and text-only channels). */
export const htmlToText = (html: string) =>
  htmlToTextLibrary().convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  }).trim();
