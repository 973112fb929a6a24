// Finds what the sender of a reply actually wrote: quoted history, attribution lines
// ("On … wrote:"), original-message and forwarded blocks, and signatures are removed.
// Plain text in, plain text out; HTML mail is stripped on its text rendering, where
// <blockquote> has become "> " lines and Outlook's header block plain "From:/Sent:" lines.

// Attribution lines of the mail clients we see, in the languages we serve. Matched against up to
// three joined lines, because clients wrap long ones ("… Ann Example <\nann@example.com> wrote:").
const attributionLines = [
  /^On\b.{1,300}\bwrote\s?:$/i, // Gmail, Apple Mail, Thunderbird
  /^Am\b.{1,300}\bschrieb\b.{0,300}:$/i,
  /^Le\b.{1,300}\ba écrit\s?:$/i,
  /^El\b.{1,300}\bescribió\s?:$/i,
  /^Op\b.{1,300}\bschreef\b.{0,300}:$/i,
  /^Il\b.{1,300}\bha scritto\s?:$/i,
  /^Em\b.{1,300}\bescreveu\s?:$/i,
  /^Den\b.{1,300}\bskrev\b.{0,300}:$/i,
];

// "Ann wrote:" without a date says too little to cut on; it only counts right before a quote.
const looseAttribution = /^.{1,200}\b(?:wrote|schrieb|a écrit|escribió|schreef|ha scritto|escreveu|skrev)\s?:$/i;

const separatorBlocks = [
  // -----Original Message----- (Outlook), -------- Forwarded Message -------- (Thunderbird), Gmail's forward line
  /^-{2,}\s*(?:original message|ursprüngliche nachricht|originalnachricht|message d['’]origine|mensaje original|oorspronkelijk bericht|origineel bericht|messaggio originale|mensagem original|forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|doorgestuurd bericht)\s*-{2,}$/i,
  // Apple Mail forwards
  /^(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|inicio del mensaje reenviado|begin doorgestuurd bericht)\s?:$/i,
];

// The header block Outlook puts above quoted history, in English, German, French, Spanish,
// Dutch, Italian and Portuguese. A From line opens it; a date and a To or Subject line confirm it.
const label = (names: string) => new RegExp(`^[*_]{0,2}(?:${names})[*_]{0,2}\\s?:[*_]{0,2}(?:\\s|$)`, 'i');
const fromLabel = label('from|von|de|van|da');
const dateLabel = label('sent|date|gesendet|datum|envoyé|enviado|fecha|verzonden|data|inviato');
const toOrSubjectLabel = label('to|subject|an|betreff|à|a|objet|para|asunto|aan|onderwerp|oggetto|assunto|cc');
// The same block flattened into one line by some HTML-to-text conversions.
const inlineHeaderBlock =
  /^[*_]{0,2}(?:from|von|de|van)\s?:.{1,200}\b(?:sent|date|gesendet|datum|envoyé|enviado|fecha|verzonden)\s?:.{1,200}\b(?:to|an|à|para|aan|subject|betreff|objet|asunto|onderwerp)\s?:/i;

// Outlook web's "____" line and the ruler an <hr> becomes.
const rulerLine = /^\s*(?:_{10,}|-{10,}|={10,})\s*$/;

const signatureDelimiter = '-- ';
// A bare "--" is only taken as a delimiter when this few lines follow it: prose uses it too.
const maxBareSignatureLines = 8;
const mobileSignature =
  /^(?:sent from my\b.{0,60}|sent from (?:mail|outlook|yahoo mail|gmail|samsung|proton ?mail)\b.{0,60}|get outlook for \S.{0,40}|sent with (?:proton ?mail|spark|blackberry)\b.{0,60}|sent via (?:blackberry|superhuman)\b.{0,40}|von meinem \S.{0,40} gesendet\.?|gesendet von meinem \S.{0,40}|envoyé (?:de|depuis) mon \S.{0,40}|enviado desde mi \S.{0,40}|enviado do meu \S.{0,40}|verzonden (?:vanaf|met) mijn \S.{0,40}|verstuurd vanaf mijn \S.{0,40}|inviato da(?:l mio)? \S.{0,40})$/i;

/** The newly written part of a reply, or the whole text when stripping would leave nothing. */
export function stripReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const stripped = tidy(removeSignatures(removeHistory(lines)));
  return stripped === '' ? tidy(lines) : stripped;
}

/** Drops quoted lines and their attributions; stops at the first block that starts quoted history. */
function removeHistory(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = normalise(lines[i]);
    if (isQuoted(line)) {
      i = skipQuoteBlock(lines, i, kept);
      continue;
    }
    const attributionEnd = findAttributionEnd(lines, i);
    if (attributionEnd !== undefined) {
      const next = nextNonBlank(lines, attributionEnd + 1);
      // Quoted lines after it: remove the block and keep reading (bottom-posted or interleaved
      // answers). Anything else: the history is not marked up, so everything below is history.
      if (next !== undefined && isQuoted(normalise(lines[next]))) {
        i = attributionEnd + 1;
        continue;
      }
      return dropTrailingRulers(kept);
    }
    if (startsHistoryBlock(lines, i)) return dropTrailingRulers(kept);
    kept.push(lines[i]);
    i++;
  }
  return kept;
}

/** Skips a run of quoted lines (and a blank line after it when one already separates). */
function skipQuoteBlock(lines: readonly string[], start: number, kept: string[]): number {
  let i = start;
  while (i < lines.length && isQuoted(normalise(lines[i]))) i++;
  // A loose "Ann wrote:" right above the quote belongs to it.
  const lastKept = lastNonBlankIndex(kept);
  if (lastKept !== undefined && looseAttribution.test(normalise(kept[lastKept]).trim())) kept.splice(lastKept);
  // Removing the block must not leave two blank lines where one separated text from the quote.
  const previousIsBlank = kept.length === 0 || isBlank(kept[kept.length - 1]);
  while (previousIsBlank && i < lines.length && isBlank(lines[i])) i++;
  return i;
}

function findAttributionEnd(lines: readonly string[], start: number): number | undefined {
  let joined = '';
  for (let end = start; end < Math.min(lines.length, start + 3); end++) {
    const line = normalise(lines[end]).trim();
    if (line === '' || isQuoted(line)) return undefined;
    joined = joined === '' ? line : `${joined} ${line}`;
    if (attributionLines.some((pattern) => pattern.test(joined))) return end;
  }
  return undefined;
}

function startsHistoryBlock(lines: readonly string[], start: number): boolean {
  const line = normalise(lines[start]).trim();
  if (separatorBlocks.some((pattern) => pattern.test(line)) || inlineHeaderBlock.test(line)) return true;
  if (rulerLine.test(line)) {
    const next = nextNonBlank(lines, start + 1);
    return next !== undefined && fromLabel.test(normalise(lines[next]).trim());
  }
  return fromLabel.test(line) && isOutlookHeaderBlock(lines, start);
}

function isOutlookHeaderBlock(lines: readonly string[], start: number): boolean {
  const following = lines.slice(start + 1, start + 9).map((line) => normalise(line).trim());
  return following.some((line) => dateLabel.test(line)) && following.some((line) => toOrSubjectLabel.test(line));
}

function removeSignatures(lines: readonly string[]): string[] {
  let kept = [...lines];
  const delimiter = kept.findIndex((line, index) => {
    if (line === signatureDelimiter) return true;
    return (
      line.trim() === '--' && kept.slice(index + 1).filter((rest) => !isBlank(rest)).length <= maxBareSignatureLines
    );
  });
  if (delimiter >= 0) kept = kept.slice(0, delimiter);
  // Mobile footers sit on the last line; a client may add two ("Sent from my iPhone" + "Get Outlook…").
  for (let pass = 0; pass < 2; pass++) {
    const last = lastNonBlankIndex(kept);
    if (last === undefined || !mobileSignature.test(normalise(kept[last]).trim())) break;
    kept = kept.slice(0, last);
  }
  return kept;
}

/** Trailing whitespace off each line and the whole; leading blank lines off; inner blank lines stay. */
function tidy(lines: readonly string[]): string {
  return lines
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+/, '')
    .trimEnd();
}

function dropTrailingRulers(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && (isBlank(lines[end - 1]) || rulerLine.test(lines[end - 1]))) end--;
  return lines.slice(0, end);
}

// Non-breaking and zero-width spaces come from HTML renderings and French typography ("a écrit :").
function normalise(line: string): string {
  return line.replace(/[\u00a0\u202f\u2007]/g, ' ').replace(/[\u200b\u200e\u200f\ufeff]/g, '');
}

function isQuoted(line: string): boolean {
  return /^\s*>/.test(line);
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function nextNonBlank(lines: readonly string[], from: number): number | undefined {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i])) return i;
  return undefined;
}

function lastNonBlankIndex(lines: readonly string[]): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (!isBlank(lines[i])) return i;
  return undefined;
}
