/** Pure helpers for threading inbound mail onto tickets. */

const DEFAULT_TOKEN_FORMAT = '[#{number}]';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ticket number in a subject such as "Re: Printer on fire [#1234]", per the workspace's token format. */
export function ticketNumberInSubject(subject: string | null, format = DEFAULT_TOKEN_FORMAT): number | null {
  if (!subject) return null;
  const [before, after] = format.split('{number}');
  const match = new RegExp(`${escapeRegExp(before)}(\\d{1,12})${escapeRegExp(after ?? '')}`).exec(subject);
  return match ? Number(match[1]) : null;
}

/** The token to put in outgoing subjects. */
export const ticketToken = (number: number, format = DEFAULT_TOKEN_FORMAT) => format.replace('{number}', String(number));

/** Message-IDs a reply refers to, most specific first: In-Reply-To, then References newest first. */
export function referencedMessageIds(inReplyTo: string | null, references: string[]): string[] {
  return [...new Set([...(inReplyTo ? [inReplyTo] : []), ...[...references].reverse()])].slice(0, 50);
}

/** True when `sender` matches an entry: a whole address, or a domain written as "@example.com" or "example.com". */
export function matchesSenderList(sender: string, entries: readonly string[]): boolean {
  const address = sender.toLowerCase();
  const domain = address.split('@')[1] ?? '';
  return entries.some((entry) => {
    const value = entry.trim().toLowerCase();
    if (!value) return false;
    if (value.includes('@') && !value.startsWith('@')) return value === address;
    const wanted = value.replace(/^@/, '');
    return domain === wanted || domain.endsWith(`.${wanted}`);
  });
}
