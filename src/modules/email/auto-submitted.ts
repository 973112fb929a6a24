// Tells machine-written mail (auto-replies, bounces, bulk and list mail) from mail a person wrote,
// so the desk never answers a robot and two auto-responders cannot loop (RFC 3834).
//
// Precedence, first match wins:
// 1. A delivery report (any multipart/report, or a bounce found by the rules below) is automatic:
//    its MIME structure shows a machine wrote it, whatever its headers claim.
// 2. An Auto-Submitted header decides next: "no" means a person wrote it (false), any other value
//    (auto-generated, auto-replied, auto-notified, …) means automatic. It is the one standard
//    signal, so an explicit "no" outranks the vendor heuristics below.
// 3. Otherwise any heuristic header makes it automatic: X-Autoreply, X-Autorespond (and kin),
//    Precedence bulk/junk/list/auto_reply, List-Id, List-Unsubscribe, a null Return-Path (<>),
//    and X-Auto-Response-Suppress naming All, OOF or AutoReply.

/** What the classifier reads from a message; headers are keyed by lower-case name. */
export interface MessageFacts {
  /** Every top-level header's unfolded values, keyed by lower-case name. */
  headers: ReadonlyMap<string, readonly string[]>;
  /** Every MIME part outside embedded messages, root first, depth first. */
  parts: readonly MimePartFacts[];
  /** The From address, if any. */
  fromAddress: string | null;
  subject: string | null;
}

export interface MimePartFacts {
  /** Lower-case type/subtype. */
  contentType: string;
  /** Content-Type parameters keyed by lower-case name. */
  params: Readonly<Record<string, string>>;
}

export interface AutoSubmittedVerdict {
  autoSubmitted: boolean;
  isBounce: boolean;
}

const deliveryStatusTypes = new Set(['message/delivery-status', 'message/global-delivery-status']);
const bulkPrecedence = new Set(['bulk', 'junk', 'list', 'auto_reply', 'auto-reply']);
const autoReplyHeaders = ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-autoreply-from', 'x-mail-autoreply'];
const suppressedResponses = new Set(['all', 'oof', 'autoreply']);
const daemonLocalParts = new Set(['mailer-daemon', 'mailerdaemon', 'mail-daemon', 'postmaster']);
// Subjects of the common bounces that carry no machine-readable report (qmail, old Exchange, …).
const bounceSubject =
  /^(?:undeliver(?:able|ed)|delivery (?:status notification|failure|has failed)|mail delivery (?:failed|failure|subsystem)|returned mail|failure notice|non-?delivery|delivery notification|unzustellbar|nicht zustellbar|non remis|no se puede entregar|onbestelbaar)/i;

/** Classifies a message; see the precedence at the top of this file. */
export function classifyAutoSubmitted(facts: MessageFacts): AutoSubmittedVerdict {
  const isBounce = isDeliveryStatusNotification(facts);
  if (isBounce || facts.parts.some((part) => part.contentType === 'multipart/report')) {
    return { autoSubmitted: true, isBounce };
  }
  const declared = readAutoSubmitted(facts.headers);
  if (declared !== undefined) return { autoSubmitted: declared, isBounce };
  return { autoSubmitted: hasAutomationHeader(facts.headers), isBounce };
}

/** True for delivery status notifications, standard (RFC 3464) or the usual non-standard kinds. */
export function isDeliveryStatusNotification(facts: MessageFacts): boolean {
  const isReport = facts.parts.some(
    (part) => part.contentType === 'multipart/report' && /delivery-status$/i.test(part.params['report-type'] ?? ''),
  );
  if (isReport || facts.parts.some((part) => deliveryStatusTypes.has(part.contentType))) return true;
  return isFromMailerDaemon(facts.fromAddress) && bounceSubject.test((facts.subject ?? '').trim());
}

/** undefined when absent or empty, so the heuristics get their turn. */
function readAutoSubmitted(headers: MessageFacts['headers']): boolean | undefined {
  const value = headers.get('auto-submitted')?.[0];
  const keyword = value?.split(/[;(]/)[0].trim().toLowerCase();
  if (!keyword) return undefined;
  return keyword !== 'no';
}

function hasAutomationHeader(headers: MessageFacts['headers']): boolean {
  const first = (name: string) => headers.get(name)?.[0]?.trim();
  if (autoReplyHeaders.some((name) => first(name) !== undefined && !/^(?:no|false|0)$/i.test(first(name) ?? ''))) {
    return true;
  }
  if ((headers.get('precedence') ?? []).some((value) => bulkPrecedence.has(value.trim().toLowerCase()))) return true;
  if (headers.has('list-id') || headers.has('list-unsubscribe')) return true;
  // RFC 3834 has automatic responses sent with a null return path; a person's mail never has one.
  if ((headers.get('return-path') ?? []).some((value) => /^<\s*>$/.test(value.trim()))) return true;
  return (headers.get('x-auto-response-suppress') ?? []).some((value) =>
    value.split(/[\s,;]+/).some((token) => suppressedResponses.has(token.toLowerCase())),
  );
}

function isFromMailerDaemon(address: string | null): boolean {
  const localPart = (address ?? '').split('@')[0].toLowerCase();
  return daemonLocalParts.has(localPart);
}

const messageIdLine = /^(?:x-)?original-message-id[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)/im;

/**
 * Finds the Message-ID of the message a bounce returns. Sources, in order: the returned message or
 * its headers (message/rfc822, text/rfc822-headers), an Original-Message-ID field in the report,
 * then a Message-ID line in the report's text (qmail and Exim quote the original inline).
 */
export function findBouncedMessageId(
  returnedParts: readonly { contentType: string; content: string }[],
  reportText: string,
): string | null {
  for (const part of returnedParts) {
    const id = readHeaderBlock(part.content).get('message-id');
    const found = id && extractMessageIds(id)[0];
    if (found) return found;
  }
  const original = messageIdLine.exec(reportText)?.[1];
  const fromField = original && extractMessageIds(original)[0];
  if (fromField) return fromField;
  const inline = /^[ \t>]*message-id[ \t]*:[ \t]*(<[^<>\s]+>)/im.exec(reportText)?.[1];
  return inline ?? null;
}

/** The content types that carry a returned message or its headers. */
export const returnedMessageTypes = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/global-headers',
]);

/** First value of each header in a raw header block, unfolded, keyed by lower-case name. */
export function readHeaderBlock(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end < 0 ? raw : raw.slice(0, end);
  const headers = new Map<string, string>();
  for (const field of block.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, field.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * Message-IDs in a header value, each in angle brackets as mailparser reports them. A value with no
 * bracketed id (`abc@example.com`) is taken whole and bracketed, as mailparser does.
 */
export function extractMessageIds(value: string): string[] {
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  return value
    .replace(/\([^()]*\)/g, ' ')
    .split(/[\s,]+/)
    .filter((token) => token.length > 0)
    .map((token) => `<${token}>`);
}
