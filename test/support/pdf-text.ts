import { inflateSync } from 'node:zlib';

/**
 * The text drawn in a PDF written by pdfkit with its standard fonts: every content stream inflated,
 * each text-showing operator's hex strings decoded (WinAnsi ≈ Latin-1), one string per operator.
 * Enough to check that figures are there as real text; not a general PDF parser.
 */
export function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      content = raw.slice(start, end);
    }
    for (const operator of content.matchAll(/\[([^\]]*)\]\s*TJ|(<[0-9a-fA-F]*>)\s*Tj/g)) {
      const hexes = (operator[1] ?? operator[2]).match(/<[0-9a-fA-F]*>/g) ?? [];
      texts.push(hexes.map((hex) => winAnsi(Buffer.from(hex.slice(1, -1), 'hex'))).join(''));
    }
  }
  return texts;
}

// WinAnsi differs from Latin-1 in 0x80–0x9F: the dashes and quotes a report uses.
const WIN_ANSI = new Map<number, string>([[0x80, '€'], [0x85, '…'], [0x91, '‘'], [0x92, '’'], [0x93, '“'], [0x94, '”'], [0x95, '•'], [0x96, '–'], [0x97, '—']]);
const winAnsi = (bytes: Buffer) => [...bytes].map((byte) => WIN_ANSI.get(byte) ?? String.fromCharCode(byte)).join('');
