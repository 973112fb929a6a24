import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ParsedEmail, parseEmail } from '../src/modules/email/parse.ts';

// Each fixtures/mail/NAME.eml has a NAME.expected.json listing only the fields that case is about.
// Plain keys must equal the parsed field; "_contains" / "_excludes" map a text field to substrings
// it must or must not hold (for sanitised HTML and long bodies, where exact text would be brittle).

const dir = fileURLToPath(new URL('./fixtures/mail/', import.meta.url));
const names = readdirSync(dir)
  .filter((file) => file.endsWith('.eml'))
  .map((file) => file.slice(0, -'.eml'.length))
  .sort();

const contractKeys = [
  'from',
  'to',
  'cc',
  'replyTo',
  'subject',
  'date',
  'messageId',
  'inReplyTo',
  'references',
  'text',
  'html',
  'visibleText',
  'attachments',
  'autoSubmitted',
  'isBounce',
  'bouncedMessageId',
];

type Expected = Partial<Record<keyof ParsedEmail, unknown>> & {
  _contains?: Partial<Record<keyof ParsedEmail, string[]>>;
  _excludes?: Partial<Record<keyof ParsedEmail, string[]>>;
};

describe('mail corpus', () => {
  it('has at least 40 messages, each with an expectation', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    for (const name of names) expect(readdirSync(dir)).toContain(`${name}.expected.json`);
  });

  it.each(names)('%s', async (name) => {
    const email = await parseEmail(readFileSync(`${dir}${name}.eml`));
    const expected = JSON.parse(readFileSync(`${dir}${name}.expected.json`, 'utf8')) as Expected;

    expect(Object.keys(email)).toEqual(contractKeys);
    expect(JSON.parse(JSON.stringify(email))).toEqual(email); // nothing the JSON output would lose
    for (const [key, value] of Object.entries(expected)) {
      if (key.startsWith('_')) continue;
      expect(email[key as keyof ParsedEmail], key).toEqual(value);
    }
    for (const [key, needles] of Object.entries(expected._contains ?? {})) {
      for (const needle of needles ?? []) expect(String(email[key as keyof ParsedEmail]), key).toContain(needle);
    }
    for (const [key, needles] of Object.entries(expected._excludes ?? {})) {
      for (const needle of needles ?? []) expect(String(email[key as keyof ParsedEmail]), key).not.toContain(needle);
    }
  });
});
