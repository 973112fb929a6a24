import { invalid } from '../../lib/errors.ts';
import { htmlToText } from '../../lib/html-text.ts';
import { sanitizeHtml } from '../../lib/sanitize-html.ts';
import type { NewAttachment } from './schema.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface MessageContent {
  text: string;
  html: string | null;
  attachments: Array<{ filename: string; contentType: string; data: Buffer; contentId: string | null; inline: boolean }>;
}

/**
 * Normalises what a client sends as a message: HTML is sanitised (it may come from anywhere),
 * text is derived from it when absent, attachments are decoded and size-checked.
 * `field` names the request field in errors (e.g. "message").
 */
export function prepareMessageContent(
  input: { text?: string; html?: string; attachments?: NewAttachment[] },
  field: string,
): MessageContent {
  const html = input.html !== undefined ? sanitizeHtml(input.html) : null;
  const text = input.text ?? (html !== null ? htmlToText(html) : '');
  const attachments = (input.attachments ?? []).map((attachment, index) => {
    const where = `${field}.attachments.${index}`;
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(attachment.contentBase64)) {
      throw invalid('Attachment content must be base64', { [`${where}.contentBase64`]: 'not base64' });
    }
    const data = Buffer.from(attachment.contentBase64, 'base64');
    if (data.length > MAX_ATTACHMENT_BYTES) {
      throw invalid('An attachment is larger than 10 MB', { [`${where}.contentBase64`]: 'larger than 10 MB' });
    }
    return {
      filename: attachment.filename.replace(/[\\/\0]/g, '_'),
      contentType: attachment.contentType.toLowerCase(),
      data,
      contentId: attachment.contentId ?? null,
      inline: attachment.inline ?? false,
    };
  });
  if (!text.trim() && !attachments.length) {
    throw invalid('A message needs text, html or an attachment', { [`${field}.text`]: 'empty message' });
  }
  return { text, html, attachments };
}
