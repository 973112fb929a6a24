import type {
  AddressObject,
  AttachmentStream,
  EmailAddress as MailparserAddress,
  HeaderLines,
  Headers,
  MessageText,
  StructuredHeader,
} from 'mailparser';
import { domainToUnicode } from 'node:url';
import { unreadableEmail } from '../../lib/errors.ts';
import { htmlToText } from '../../lib/html-text.ts';
import {
  classifyAutoSubmitted,
  extractMessageIds,
  findBouncedMessageId,
  type MimePartFacts,
  returnedMessageTypes,
} from './auto-submitted.ts';
import { stripReply } from './reply-strip.ts';
import { sanitizeHtml } from '../../lib/sanitize-html.ts';
import { storableText } from '../../lib/storable-text.ts';

// One parser for `rapport mail parse` and the live intake. Conventions, so both agree:
// - Message-IDs (messageId, inReplyTo, references[]) and contentId keep their angle brackets,
//   as mailparser reports Message-IDs: `<m1@example.com>`. An id sent without them gets them.
// - Addresses keep the local part as sent and lower-case the domain (an IDN in Unicode, as mailparser
//   shows it); a missing display name is null.
// - A missing single field is null, a missing list is []: every field is always present.
// - Attachments come in MIME-tree order, depth first. An embedded message (message/rfc822) is one
//   attachment, never unpacked into the text, whatever its Content-Disposition says.

export interface EmailAddress {
  address: string | null;
  name: string | null;
}

export interface EmailAttachment {
  filename: string | null;
  /** mailparser's type: as sent, or guessed from the file name when sent as application/octet-stream. */
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** Content-Disposition inline, or referenced from the HTML by cid:. */
  inline: boolean;
  /** With angle brackets, like Message-IDs; the HTML refers to it without them (cid:id). */
  contentId: string | null;
}

export interface ParsedEmail {
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  replyTo: EmailAddress[];
  /** Decoded, prefixes such as "Re:" kept; null when the header is absent. */
  subject: string | null;
  /** ISO 8601 UTC; null when the header is missing or unparseable. */
  date: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Plain text; rendered from the sanitised HTML (lib/html-text) when the message has no text part. */
  text: string | null;
  /** Sanitised; null when the message has no HTML part. */
  html: string | null;
  /** The newly written part of `text`: no quoted history, no signature. */
  visibleText: string | null;
  attachments: EmailAttachment[];
  autoSubmitted: boolean;
  isBounce: boolean;
  bouncedMessageId: string | null;
}

export interface EmailAttachmentWithContent extends EmailAttachment {
  content: Buffer;
}

/** What the intake needs: the contract fields plus each attachment's bytes, to store as blobs. */
export interface ParsedEmailWithContent extends Omit<ParsedEmail, 'attachments'> {
  attachments: EmailAttachmentWithContent[];
}

/** Parses a raw RFC 5322 message into the `rapport mail parse` contract shape. */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const parsed = await parseEmailWithContent(raw);
  return { ...parsed, attachments: parsed.attachments.map(({ content: _content, ...attachment }) => attachment) };
}


/** Every string in a parsed value made storable; attachment bytes stay as sent. */
function withStorableText<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(withStorableText) as T;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, withStorableText(field)])) as T;
}

/** Like `parseEmail`, keeping every attachment's decoded bytes. */
export async function parseEmailWithContent(raw: Buffer): Promise<ParsedEmailWithContent> {
  // Senders may encode a NUL (`=?utf-8?B?YQBi?=`, quoted-printable `=00`) or send one raw in a body.
  return withStorableText(await parseStoredBytes(raw));
}

async function parseStoredBytes(raw: Buffer): Promise<ParsedEmailWithContent> {
  const result = await runMailParser(trimToMessage(raw));
  const headers = result.headers;
  const fields = collectHeaderFields(result.headerLines);
  const from = toAddresses(headers.get('from'))[0] ?? null;
  const subject = fields.has('subject') ? String(headers.get('subject') ?? '') : null;
  const rawHtml = result.text.html ?? null;
  const html = rawHtml === null ? null : sanitizeHtml(rawHtml);
  // mailparser renders HTML as text only when the HTML is the whole message, not when it sits in
  // multipart/mixed beside attachments; rendering every HTML-only message here gives one rendering.
  const text = html !== null && !hasPlainTextBody(result.tree) ? htmlToText(html) : (result.text.text ?? null);
  const referencedCids = findReferencedCids(rawHtml ?? '');
  const attachments = result.attachments.map(({ stream, content }) => toAttachment(stream, content, referencedCids));

  const parts = listMimeParts(result.tree);
  const { autoSubmitted, isBounce } = classifyAutoSubmitted({
    headers: fields,
    parts,
    fromAddress: from?.address ?? null,
    subject,
  });
  const bouncedMessageId = isBounce
    ? findBouncedMessageId(
        attachments
          .filter((attachment) => returnedMessageTypes.has(attachment.contentType))
          .map((attachment) => ({ contentType: attachment.contentType, content: attachment.content.toString('utf8') })),
        [...deliveryStatusTexts(result.tree), text ?? ''].join('\n'),
      )
    : null;

  const firstField = (name: string) => fields.get(name)?.[0];
  const date = firstField('date');
  return {
    from,
    to: toAddresses(headers.get('to')),
    cc: toAddresses(headers.get('cc')),
    replyTo: toAddresses(headers.get('reply-to')),
    subject,
    date: date === undefined ? null : (parseMailDate(date)?.toISOString() ?? null),
    messageId: extractMessageIds(firstField('message-id') ?? '')[0] ?? null,
    inReplyTo: extractMessageIds(firstField('in-reply-to') ?? '')[0] ?? null,
    references: (fields.get('references') ?? []).flatMap(extractMessageIds),
    text,
    html,
    visibleText: text === null ? null : stripReply(text),
    attachments,
    autoSubmitted,
    isBounce,
    bouncedMessageId,
  };
}

/**
 * The message without what commonly precedes it in saved files (a UTF-8 byte-order mark, blank
 * lines, an mbox "From " line); rejects input that has no header section to parse.
 */
function trimToMessage(raw: Buffer): Buffer {
  let start = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  while (start < raw.length && [0x20, 0x09, 0x0d, 0x0a].includes(raw[start])) start++;
  if (start >= raw.length) throw unreadableEmail('No email message was given: the input is empty.');
  if (raw.subarray(start, start + 5).toString('latin1') === 'From ') {
    const lineEnd = raw.indexOf(0x0a, start);
    start = lineEnd < 0 ? raw.length : lineEnd + 1;
  }
  const head = raw.subarray(start, start + 256 * 1024).toString('latin1');
  const headerEnd = head.search(/\r?\n\r?\n/);
  const header = headerEnd < 0 ? head : head.slice(0, headerEnd);
  const fieldNames = header.split(/\r?\n/).map((line) => fieldName.exec(line)?.[1]?.toLowerCase());
  const isHeaderSection = fieldNames[0] !== undefined && fieldNames.some((name) => name && isMailField(name));
  if (!isHeaderSection || header.includes('\0')) {
    throw unreadableEmail('The input is not an email message: it does not start with header fields such as "From:".');
  }
  return raw.subarray(start);
}

const fieldName = /^([A-Za-z0-9][A-Za-z0-9_.-]*)[ \t]*:/;
// At least one of these must appear, so that text which happens to start with "word:" is not mail.
const mailFields = new Set(
  `from to cc bcc subject date sender reply-to message-id
   in-reply-to references received return-path delivered-to mime-version content-type dkim-signature auto-submitted`.split(
    /\s+/,
  ),
);
const isMailField = (name: string) =>
  mailFields.has(name) || name.startsWith('x-') || name.startsWith('resent-') || name.startsWith('list-');

interface MimeTreeNode {
  contentType?: string;
  headers?: Headers;
  children?: MimeTreeNode[];
  textContent?: string;
  isAttachment?: boolean;
}

interface MailParserResult {
  headers: Headers;
  headerLines: HeaderLines;
  text: MessageText;
  attachments: { stream: AttachmentStream; content: Buffer }[];
  tree: MimeTreeNode | undefined;
}

async function runMailParser(message: Buffer): Promise<MailParserResult> {
  // Loaded on the first message: a server that receives no mail does not carry the parser.
  const { MailParser } = await import('mailparser');
  return new Promise((resolve, reject) => {
    // ignoreEmbedded: a forwarded message stays one message/rfc822 attachment instead of being
    // spliced into the text, so attachments list what the sender attached.
    const parser = new MailParser({ ignoreEmbedded: true, skipImageLinks: true });
    const attachments: MailParserResult['attachments'] = [];
    let text: MessageText = { type: 'text' };
    // Stays subscribed after the first error: a second one with no listener would end the process.
    const fail = (error: Error) => reject(unreadableEmail(`The email message could not be parsed: ${error.message}.`));
    parser.on('error', fail);
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        text = data;
        return;
      }
      const chunks: Buffer[] = [];
      const entry = { stream: data, content: Buffer.alloc(0) };
      attachments.push(entry);
      data.content.on('error', fail);
      data.content.on('data', (chunk: Buffer) => chunks.push(chunk));
      data.content.on('end', () => {
        entry.content = Buffer.concat(chunks);
        data.release?.();
      });
    });
    parser.on('end', () =>
      resolve({
        headers: parser.headers || new Map(),
        headerLines: parser.headerLines || [],
        text,
        attachments,
        // The MIME tree is not public API, but it is the only record of the text parts' types,
        // which bounce detection needs; the corpus tests pin the shape we rely on.
        tree: (parser as unknown as { tree?: MimeTreeNode | false }).tree || undefined,
      }),
    );
    parser.end(message);
  });
}

/** Every top-level header's values, unfolded and undecoded, keyed by lower-case name. */
function collectHeaderFields(lines: HeaderLines): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    if (!key || colon < 0) continue;
    const value = line
      .slice(colon + 1)
      .replace(/\r?\n(?=[ \t])/g, '')
      .trim();
    fields.set(key, [...(fields.get(key) ?? []), value]);
  }
  return fields;
}

function toAddresses(value: unknown): EmailAddress[] {
  const objects = (value === undefined ? [] : [value].flat()) as AddressObject[];
  return objects
    .flatMap((object) => flattenGroups(object.value ?? []))
    .map(toAddress)
    .filter((address): address is EmailAddress => address !== null);
}

function flattenGroups(entries: MailparserAddress[]): MailparserAddress[] {
  return entries.flatMap((entry) => (entry.group ? flattenGroups(entry.group) : [entry]));
}

function toAddress(entry: MailparserAddress): EmailAddress | null {
  let address = entry.address?.trim() || null;
  let name = entry.name?.trim() || null;
  // addressparser reads a bare word ("From: MAILER-DAEMON") as a name; it is an address without a domain.
  if (address === null && name !== null && /^[^\s"<>()@,;:]+$/.test(name)) {
    address = name;
    name = null;
  }
  if (address === null && name === null) return null;
  return { address: address === null ? null : lowerCaseDomain(address), name };
}

// mailparser shows a punycode domain in Unicode, but only when sent in lower case: normalising here
// gives one spelling per domain however it was sent.
function lowerCaseDomain(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const domain = address.slice(at + 1).toLowerCase();
  const unicode = domain.includes('xn--') ? domainToUnicode(domain) : domain;
  return address.slice(0, at + 1) + (unicode || domain);
}

function toAttachment(
  stream: AttachmentStream,
  content: Buffer,
  referencedCids: Set<string>,
): EmailAttachmentWithContent {
  const cid = stream.cid?.trim() || null;
  return {
    filename: stream.filename || null,
    contentType: stream.contentType.toLowerCase(),
    size: content.length,
    inline: stream.contentDisposition?.toLowerCase() === 'inline' || (cid !== null && referencedCids.has(cid)),
    contentId: cid === null ? null : `<${cid}>`,
    content,
  };
}

function findReferencedCids(html: string): Set<string> {
  const cids = new Set<string>();
  for (const match of html.matchAll(/\bcid:([^'"\s>)]+)/gi)) {
    cids.add(match[1]);
    try {
      cids.add(decodeURIComponent(match[1]));
    } catch {
      // a malformed escape: the literal form above is all there is
    }
  }
  return cids;
}

function listMimeParts(tree: MimeTreeNode | undefined): MimePartFacts[] {
  if (!tree) return [];
  const contentType = tree.headers?.get('content-type') as StructuredHeader | undefined;
  const params = Object.fromEntries(
    Object.entries(contentType?.params ?? {}).map(([key, value]) => [key.toLowerCase(), String(value)]),
  );
  const self = { contentType: (tree.contentType || 'text/plain').toLowerCase(), params };
  return [self, ...(tree.children ?? []).flatMap(listMimeParts)];
}

function hasPlainTextBody(tree: MimeTreeNode | undefined): boolean {
  if (!tree) return false;
  const isBody =
    !tree.isAttachment && /^(?:text\/plain|message\/(?:global-)?delivery-status)$/i.test(tree.contentType ?? '');
  return isBody || (tree.children ?? []).some(hasPlainTextBody);
}

function deliveryStatusTexts(tree: MimeTreeNode | undefined): string[] {
  if (!tree) return [];
  const own = /delivery-status$/i.test(tree.contentType ?? '') && tree.textContent ? [tree.textContent] : [];
  return [...own, ...(tree.children ?? []).flatMap(deliveryStatusTexts)];
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 5322 obsolete zones; military letters and unknown names mean "no zone information" (-0000).
const namedZones: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  edt: -4,
  est: -5,
  cdt: -5,
  cst: -6,
  mdt: -6,
  mst: -7,
  pdt: -7,
  pst: -8,
};
const rfc5322Date =
  /^(?:[a-z]+\.?\s*,?\s*)?(\d{1,2})[\s-]+([a-z]{3,})\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:([+-])(\d{2}):?(\d{2})|([a-z]{1,5}))?\b/i;
const asctimeDate =
  /^(?:[a-z]+,?\s+)?([a-z]{3,})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:([a-z]{1,5})\s+)?(\d{4})$/i;
const isoDate =
  /^(\d{4})-(\d{2})-(\d{2})[t\s](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:(z)|([+-])(\d{2}):?(\d{2}))?$/i;

/**
 * Reads a Date header (RFC 5322, its obsolete forms, or ISO 8601); null when it is not a real date.
 * A time with no zone is taken as UTC, so the result never depends on the server's time zone.
 */
export function parseMailDate(value: string): Date | null {
  const text = value.replace(/\([^()]*\)/g, ' ').trim();
  const rfc = rfc5322Date.exec(text);
  if (rfc) {
    const [, day, monthName, yearText, hour, minute, second, sign, zoneHours, zoneMinutes, zoneName] = rfc;
    const month = months.indexOf(monthName.slice(0, 3).toLowerCase());
    let year = Number(yearText);
    if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
    else if (yearText.length === 3) year += 1900;
    let offsetMinutes = 0;
    if (sign) offsetMinutes = (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes));
    else if (zoneName) offsetMinutes = (namedZones[zoneName.toLowerCase()] ?? 0) * 60;
    return buildUtcDate(year, month, Number(day), Number(hour), Number(minute), Number(second ?? 0), offsetMinutes);
  }
  const asctime = asctimeDate.exec(text);
  if (asctime) {
    const [, monthName, day, hour, minute, second, zoneName, year] = asctime;
    const offsetMinutes = (namedZones[(zoneName ?? '').toLowerCase()] ?? 0) * 60;
    const month = months.indexOf(monthName.slice(0, 3).toLowerCase());
    return buildUtcDate(+year, month, +day, +hour, +minute, Number(second ?? 0), offsetMinutes);
  }
  const iso = isoDate.exec(text);
  if (iso) {
    const [, year, month, day, hour, minute, second, , sign, zoneHours, zoneMinutes] = iso;
    const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes)) : 0;
    return buildUtcDate(+year, +month - 1, +day, +hour, +minute, Number(second ?? 0), offsetMinutes);
  }
  return null;
}

function buildUtcDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number,
): Date | null {
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const valid =
    month >= 0 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    Math.abs(offsetMinutes) < 24 * 60;
  if (!valid) return null;
  // A leap second (:60) is shown as the last second of its minute.
  return new Date(Date.UTC(year, month, day, hour, minute, Math.min(second, 59)) - offsetMinutes * 60_000);
}
