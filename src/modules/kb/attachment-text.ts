import { invalid } from '../../lib/errors.ts';
import { htmlToText } from '../../lib/html-text.ts';
import { storableText } from '../../lib/storable-text.ts';

/** Files an article may carry: documents whose text is searched, and images shown in it. */
const SEARCHABLE = new Set(['application/pdf', 'text/plain', 'text/markdown', 'text/csv', 'text/html']);
const IMAGES: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  'image/gif': (bytes) => bytes.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (bytes) => bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
};
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Text beyond this is not indexed: a manual's first 200,000 characters find it well enough. */
const MAX_TEXT = 200_000;

export const isSearchableType = (contentType: string) => SEARCHABLE.has(contentType);

/**
 * Checks an upload against its declared type — the bytes must be what the type says, so an HTML
 * page cannot pass as an image — and returns the text to index (empty for images).
 */
export async function attachmentText(contentType: string, bytes: Buffer): Promise<string> {
  if (bytes.length === 0) throw invalid('The file is empty', { data: 'empty' });
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw invalid('Attachments are at most 10 MB', { data: 'too large' });
  const image = IMAGES[contentType];
  if (image) {
    if (!image(bytes)) throw invalid(`The file is not a ${contentType} image`, { contentType: 'does not match the file' });
    return '';
  }
  if (!SEARCHABLE.has(contentType)) {
    throw invalid(`Attachments may be PDF, text, Markdown, CSV, HTML or PNG, JPEG, GIF and WebP images, not ${contentType}`, {
      contentType: 'not allowed',
    });
  }
  if (contentType === 'application/pdf') return storableText(await pdfText(bytes)).slice(0, MAX_TEXT);
  const text = storableText(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  return (contentType === 'text/html' ? htmlToText(text) : text).slice(0, MAX_TEXT);
}

async function pdfText(bytes: Buffer) {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw invalid('The file is not a PDF', { contentType: 'does not match the file' });
  // pdf.js is large: loaded on the first PDF, not at start.
  const { extractText, getDocumentProxy } = await import('unpdf');
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  } catch (error) {
    throw invalid(`The PDF cannot be read: ${(error as Error).message}`, { data: 'unreadable PDF' });
  }
}
