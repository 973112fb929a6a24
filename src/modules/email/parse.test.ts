import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { parseEmail, parseEmailWithContent, parseMailDate } from './parse.ts';

const message = (...lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('parseMailDate', () => {
  it.each([
    ['Mon, 02 Mar 2026 10:00:00 +0100', '2026-03-02T09:00:00.000Z'],
    ['Mon, 2 Mar 2026 10:00:00 +0100 (CET)', '2026-03-02T09:00:00.000Z'],
    ['2 Mar 2026 10:00 -0530', '2026-03-02T15:30:00.000Z'],
    ['Mon, 02 Mar 2026 10:00:00 GMT', '2026-03-02T10:00:00.000Z'],
    ['Mon, 02 Mar 2026 10:00:00 UT', '2026-03-02T10:00:00.000Z'],
    ['Mon, 02 Mar 2026 10:00:00 PDT', '2026-03-02T17:00:00.000Z'],
    ['Mon, 02 Mar 2026 10:00:00 Z', '2026-03-02T10:00:00.000Z'],
    ['Mon, 02 Mar 2026 10:00:00 A', '2026-03-02T10:00:00.000Z'],
    ['Mon, 02 Mar 2026 10:00:00', '2026-03-02T10:00:00.000Z'],
    ['Monday, 02-Mar-26 10:00:00 EST', '2026-03-02T15:00:00.000Z'],
    ['Wed, 1 Jan 97 00:00:00 +0000', '1997-01-01T00:00:00.000Z'],
    ['Mon,  2 March 2026 10:00:00 +01:00', '2026-03-02T09:00:00.000Z'],
    ['Tue, 31 Dec 2024 23:59:60 +0000', '2024-12-31T23:59:59.000Z'],
    ['Mon Mar  2 10:00:00 2026', '2026-03-02T10:00:00.000Z'],
    ['2026-03-02T10:00:00+01:00', '2026-03-02T09:00:00.000Z'],
    ['2026-03-02 10:00:00Z', '2026-03-02T10:00:00.000Z'],
  ])('%s -> %s', (value, iso) => {
    expect(parseMailDate(value)?.toISOString()).toBe(iso);
  });

  it.each([
    '',
    'garbage',
    'yesterday',
    '1',
    'Mon, 30 Feb 2026 10:00:00 +0000',
    'Mon, 02 Foo 2026 10:00:00 +0000',
    '02 Mar 2026 25:00:00 +0000',
  ])('rejects %j', (value) => {
    expect(parseMailDate(value)).toBeNull();
  });

  it('reads back any instant written in RFC 5322 form with any offset', () => {
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const instant = fc
      .integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2090, 0, 1) / 1000 })
      .map((s) => s * 1000);
    const offset = fc.integer({ min: -12 * 60, max: 14 * 60 });
    fc.assert(
      fc.property(instant, offset, (time, minutes) => {
        const local = new Date(time + minutes * 60_000);
        const pad = (n: number) => String(n).padStart(2, '0');
        const zone = `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
        const text = `${days[local.getUTCDay()]}, ${local.getUTCDate()} ${months[local.getUTCMonth()]} ${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${zone}`;
        expect(parseMailDate(text)?.getTime()).toBe(time);
      }),
    );
  });
});

describe('parseEmail: unreadable input', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['only whitespace', Buffer.from(' \r\n\r\n\t')],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['prose', Buffer.from('Hello, this is just a sentence.\nAnd another.\n')],
    ['a NUL in the header', Buffer.from('Subject: a\0b\r\n\r\nbody')],
    ['JSON', Buffer.from('{"subject": "not mail"}\n')],
    ['only fields mail never has', Buffer.from('Name: Ann\nPhone: 555\n\nnotes')],
  ])('rejects %s with a one-sentence unreadable-email error', async (_name, raw) => {
    const error = await parseEmail(raw).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unreadable-email');
    expect((error as AppError).message).toMatch(/^[A-Z][^\n]*\.$/);
  });

  it('accepts a message preceded by a byte-order mark, blank lines and an mbox From line', async () => {
    const raw = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      message('', 'From x@y Mon Mar  2 10:00:00 2026', 'Subject: Hi', '', 'Body'),
    ]);
    const email = await parseEmail(raw);
    expect(email.subject).toBe('Hi');
    expect(email.text).toBe('Body');
  });

  it('accepts a message with headers only', async () => {
    const email = await parseEmail(Buffer.from('Subject: only headers'));
    expect(email).toMatchObject({
      subject: 'only headers',
      text: null,
      visibleText: null,
      html: null,
      attachments: [],
    });
  });
});

describe('parseEmail: fields', () => {
  it('normalises address domains, keeping the local part and IDNs readable', async () => {
    const email = await parseEmail(
      message(
        'From: MAILER-DAEMON',
        'To: Ann@Example.COM, user@XN--MNCHEN-3YA.DE, other@xn--mnchen-3ya.de',
        'Cc: Nobody Here',
        '',
        'x',
      ),
    );
    expect(email.from).toEqual({ address: 'MAILER-DAEMON', name: null });
    expect(email.to).toEqual([
      { address: 'Ann@example.com', name: null },
      { address: 'user@münchen.de', name: null },
      { address: 'other@münchen.de', name: null },
    ]);
    expect(email.cc).toEqual([{ address: null, name: 'Nobody Here' }]);
  });

  it('takes the first of several From addresses', async () => {
    const email = await parseEmail(message('From: One <one@x.example>, two@y.example', '', 'x'));
    expect(email.from).toEqual({ address: 'one@x.example', name: 'One' });
  });

  it('keeps the bytes of every attachment for the intake, in MIME order', async () => {
    const raw = message(
      'From: a@b.example',
      'Content-Type: multipart/mixed; boundary=B',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'See files.',
      '--B',
      'Content-Type: application/octet-stream; name=a.bin',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from([0, 1, 2, 255]).toString('base64'),
      '--B',
      'Content-Type: text/csv; name=b.csv',
      'Content-Disposition: attachment',
      '',
      'x;y',
      '--B--',
      '',
    );
    const withContent = await parseEmailWithContent(raw);
    expect(withContent.attachments.map((attachment) => [attachment.filename, [...attachment.content]])).toEqual([
      ['a.bin', [0, 1, 2, 255]],
      ['b.csv', [...Buffer.from('x;y')]],
    ]);
    const email = await parseEmail(raw);
    expect(email.attachments[0]).toEqual({
      filename: 'a.bin',
      contentType: 'application/octet-stream',
      size: 4,
      inline: false,
      contentId: null,
    });
    expect(email.attachments[0]).not.toHaveProperty('content');
  });

  it('renders HTML-only mail as text and strips the reply there', async () => {
    const email = await parseEmail(
      message(
        'From: a@b.example',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>New answer</p><blockquote type="cite"><p>Old question</p></blockquote>',
      ),
    );
    expect(email.text).toContain('> Old question');
    expect(email.visibleText).toBe('New answer');
    expect(email.html).toBe('<p>New answer</p><blockquote><p>Old question</p></blockquote>');
  });

  // PostgreSQL refuses U+0000 in text, and neither database keeps a lone surrogate: the parser yields
  // neither, so both databases store the same text.
  it('removes NUL and replaces lone surrogates in every text it yields', async () => {
    const utf16 = (...bytes: number[]) => Buffer.from(bytes).toString('base64');
    const email = await parseEmailWithContent(
      message(
        'From: =?utf-8?Q?Ann=00ie?= <ann@customer.test>',
        `To: =?utf-16le?B?${utf16(0x42, 0, 0x00, 0xd8, 0x6f, 0)}?= <bo@customer.test>`,
        'Subject: =?utf-8?B?YQBi?=',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'one=00two',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>three\0four</p>',
        '--b',
        "Content-Disposition: attachment; filename*=utf-8''a%00b.txt",
        'Content-Type: application/octet-stream',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('x\0y').toString('base64'),
        '--b--',
        '',
      ),
    );
    expect(email).toMatchObject({
      from: { name: 'Annie' },
      to: [{ name: 'B\uFFFDo' }],
      subject: 'ab',
      text: 'onetwo\nthreefour',
      html: '<p>onetwo</p><br />\n<p>threefour</p>',
      visibleText: 'onetwo\nthreefour',
      attachments: [{ filename: 'ab.txt', content: Buffer.from('x\0y') }],
    });
    const texts = JSON.stringify({ ...email, attachments: email.attachments.map(({ content: _bytes, ...rest }) => rest) });
    expect(texts).not.toMatch(/\\u0000|\\ud[89a-f]/i);
  });
});
