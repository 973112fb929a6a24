import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripReply } from './reply-strip.ts';

const reply = (...lines: string[]) => lines.join('\n');

describe('stripReply: attribution lines', () => {
  it.each([
    ['Gmail', 'On Mon, 2 Mar 2026 at 10:00, Ann <a@b.c> wrote:'],
    ['Gmail US', 'On Mon, Mar 2, 2026 at 10:00 AM Ann Example <a@b.c> wrote:'],
    ['Apple Mail', 'On 2 Mar 2026, at 10:00, Ann <a@b.c> wrote:'],
    ['Thunderbird', 'On 02/03/2026 10:00, Ann wrote:'],
    ['German', 'Am Mo., 2. März 2026 um 10:00 Uhr schrieb Ann <a@b.c>:'],
    ['German Thunderbird', 'Am 02.03.2026 um 10:00 schrieb Ann:'],
    ['French', 'Le lun. 2 mars 2026 à 10:00, Ann <a@b.c> a écrit :'],
    ['French with no-break spaces', 'Le lun. 2 mars 2026 à 10:00, Ann <a@b.c> a\u00a0écrit\u202f:'],
    ['Spanish', 'El lun, 2 mar 2026 a las 10:00, Ann (<a@b.c>) escribió:'],
    ['Dutch', 'Op ma 2 mrt. 2026 om 10:00 schreef Ann <a@b.c>:'],
    ['Italian', 'Il giorno lun 2 mar 2026 alle ore 10:00 Ann <a@b.c> ha scritto:'],
    ['Portuguese', 'Em seg., 2 de mar. de 2026 às 10:00, Ann <a@b.c> escreveu:'],
  ])('%s, with and without a quote below', (_client, attribution) => {
    expect(stripReply(reply('New text.', '', attribution, '', '> old text', '> more'))).toBe('New text.');
    expect(stripReply(reply('New text.', '', attribution, '', 'old text, not marked as a quote'))).toBe('New text.');
  });

  it('joins an attribution wrapped over two or three lines', () => {
    expect(
      stripReply(reply('Yes.', '', 'On Mon, 2 Mar 2026 at 10:00, Ann Example <', 'a@b.c> wrote:', '', '> q')),
    ).toBe('Yes.');
    expect(stripReply(reply('Yes.', 'On Mon, 2 Mar 2026 at 10:00,', 'Ann Example', '<a@b.c> wrote:', 'old'))).toBe(
      'Yes.',
    );
  });

  it('keeps prose that merely starts with "On"', () => {
    const text = reply('On Monday the printer broke.', 'On Tuesday it wrote garbage: lines of it.');
    expect(stripReply(text)).toBe(text);
  });

  it('keeps answers written below or between quotes', () => {
    const text = reply(
      'On 02/03/2026 10:00, Ann wrote:',
      '> Which model?',
      '',
      'LaserJet.',
      '',
      '> Since when?',
      'Monday.',
    );
    expect(stripReply(text)).toBe('LaserJet.\n\nMonday.');
  });

  it('removes a bare "Ann wrote:" only when a quote follows it', () => {
    expect(stripReply(reply('Fine.', '', 'Ann wrote:', '> q'))).toBe('Fine.');
    expect(stripReply(reply('My boss wrote:', 'we need more toner.'))).toBe('My boss wrote:\nwe need more toner.');
  });
});

describe('stripReply: Outlook', () => {
  it.each([
    ['English', 'From: S <s@d.t>', 'Sent: Monday, March 2, 2026 10:00 AM', 'To: Ann <a@b.c>', 'Subject: Printer'],
    ['German', 'Von: S <s@d.t>', 'Gesendet: Montag, 2. März 2026 10:00', 'An: Ann <a@b.c>', 'Betreff: Drucker'],
    ['French', 'De : S <s@d.t>', 'Envoyé : lundi 2 mars 2026 10:00', 'À : Ann <a@b.c>', 'Objet : Imprimante'],
    ['Spanish', 'De: S <s@d.t>', 'Enviado: lunes, 2 de marzo de 2026 10:00', 'Para: Ann <a@b.c>', 'Asunto: Impresora'],
    ['Dutch', 'Van: S <s@d.t>', 'Verzonden: maandag 2 maart 2026 10:00', 'Aan: Ann <a@b.c>', 'Onderwerp: Printer'],
    [
      'Outlook for Mac',
      'From: S <s@d.t>',
      'Date: Monday, 2 March 2026 at 10:00',
      'To: Ann <a@b.c>',
      'Subject: Printer',
    ],
    [
      'Gmail bold labels',
      '*From:* S <s@d.t>',
      '*Sent:* Monday, March 2, 2026 10:00 AM',
      '*To:* Ann <a@b.c>',
      '*Subject:* Printer',
    ],
  ])('cuts at the %s header block', (_language, ...block) => {
    expect(stripReply(reply('Thanks.', '', ...block, '', 'Old body.'))).toBe('Thanks.');
  });

  it.each([
    '-----Original Message-----',
    '-----Ursprüngliche Nachricht-----',
    "-----Message d'origine-----",
    '-----Mensaje original-----',
    '-----Oorspronkelijk bericht-----',
    '-------- Original Message --------',
    '---------- Forwarded message ---------',
    'Begin forwarded message:',
  ])('cuts at "%s"', (separator) => {
    expect(stripReply(reply('Thanks.', '', separator, 'whatever follows'))).toBe('Thanks.');
  });

  it('cuts at the Outlook web rule and a ruler rendered from <hr>, without leaving the rule behind', () => {
    expect(stripReply(reply('Done.', '', '________________________________', 'From: S <s@d.t>', 'Old'))).toBe('Done.');
    expect(stripReply(reply('Done.', '', '-'.repeat(80), '', 'From: S', 'Sent: Monday', '', 'Old'))).toBe('Done.');
  });

  it('keeps a lone rule or a From line that starts no header block', () => {
    expect(stripReply(reply('Part one', '__________', 'Part two'))).toBe('Part one\n__________\nPart two');
    expect(stripReply(reply('From: the shop, the parcel never came.', 'Regards'))).toBe(
      'From: the shop, the parcel never came.\nRegards',
    );
  });
});

describe('stripReply: signatures', () => {
  it('cuts at "-- " wherever it is', () => {
    const sig = Array.from({ length: 20 }, (_, i) => `sig line ${i}`);
    expect(stripReply(reply('Body.', '-- ', ...sig))).toBe('Body.');
  });

  it('takes a bare "--" as a delimiter only near the end', () => {
    expect(stripReply(reply('Body.', '', '--', 'Ann', 'Example Corp'))).toBe('Body.');
    const long = reply('Step one', '--', ...Array.from({ length: 12 }, (_, i) => `step ${i}`));
    expect(stripReply(long)).toBe(long);
  });

  it.each([
    'Sent from my iPhone',
    'Sent from my Samsung Galaxy smartphone.',
    'Sent from Mail for Windows',
    'Get Outlook for Android',
    'Von meinem iPhone gesendet',
    'Envoyé de mon iPad',
    'Enviado desde mi iPhone',
    'Verzonden vanaf mijn iPhone',
  ])('drops the mobile footer "%s"', (footer) => {
    expect(stripReply(reply('Body.', '', footer, ''))).toBe('Body.');
  });

  it('keeps a mobile footer phrase inside the text', () => {
    const text = reply('Sent from my iPhone the photos do not upload.', 'Any idea?');
    expect(stripReply(text)).toBe(text);
  });
});

describe('stripReply: whitespace and fallback', () => {
  it('trims trailing whitespace and leading blank lines but keeps inner blank lines', () => {
    expect(stripReply('\n\n  Hi,  \n\n\nline two\t\n\n')).toBe('  Hi,\n\n\nline two');
  });

  it('normalises CRLF', () => {
    expect(stripReply('Hi\r\n\r\nOn 02/03/2026 10:00, Ann wrote:\r\n> q\r\n')).toBe('Hi');
  });

  it('falls back to the whole text when only history is left', () => {
    expect(stripReply('> quoted\n> only\n')).toBe('> quoted\n> only');
    expect(stripReply('-- \nAnn')).toBe('--\nAnn');
    expect(stripReply('')).toBe('');
  });
});

describe('stripReply: properties', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9,.!?]{1,12}$/);
  const line = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));
  const lines = fc.array(line, { minLength: 1, maxLength: 10 });

  it('returns what was written above any Gmail-style quote', () => {
    fc.assert(
      fc.property(lines, lines, (written, quoted) => {
        const text = [
          ...written,
          '',
          'On Mon, 2 Mar 2026 at 10:00, Ann <a@b.c> wrote:',
          '',
          ...quoted.map((q) => `> ${q}`),
        ];
        expect(stripReply(text.join('\n'))).toBe(written.join('\n'));
      }),
    );
  });

  it('only ever returns lines of its input, in order, without trailing whitespace', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = stripReply(text);
        expect(result).toBe(result.trimEnd());
        const input = text
          .replace(/\r\n?/g, '\n')
          .split('\n')
          .map((l) => l.trimEnd());
        let at = 0;
        for (const out of result === '' ? [] : result.split('\n')) {
          at = input.indexOf(out, at);
          expect(at).toBeGreaterThanOrEqual(0);
          at++;
        }
      }),
    );
  });
});
