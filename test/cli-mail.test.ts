import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs the real command as users do, `rapport mail parse < message.eml`, in a child process.
const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/mail/${name}.eml`, import.meta.url));

function runMailParse(input: Buffer | string, args: string[] = []) {
  const run = spawnSync(process.execPath, ['bin/rapport.js', 'mail', 'parse', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('rapport mail parse', () => {
  it('prints one JSON object with every contract field', () => {
    const { code, stdout, stderr } = runMailParse(readFileSync(fixture('plain-utf8')));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({
      from: { address: 'Ann@example.com', name: 'Ann Example' },
      to: [{ address: 'support@desk.test', name: null }],
      cc: [],
      replyTo: [],
      subject: 'Hello world ✓',
      date: '2026-03-02T09:00:00.000Z',
      messageId: '<m1@example.com>',
      inReplyTo: null,
      references: [],
      text: 'My printer is on fire.\n\n-- \nAnn\n',
      html: null,
      visibleText: 'My printer is on fire.',
      attachments: [],
      autoSubmitted: false,
      isBounce: false,
      bouncedMessageId: null,
    });
  });

  it('reports attachments without their bytes, and bounces', () => {
    const nested = JSON.parse(runMailParse(readFileSync(fixture('nested-multipart'))).stdout);
    expect(nested.attachments.map((attachment: { filename: string }) => attachment.filename)).toEqual([
      'logo.png',
      'report.pdf',
      'logs.zip',
      'notes.txt',
    ]);
    expect(Object.keys(nested.attachments[0]).sort()).toEqual([
      'contentId',
      'contentType',
      'filename',
      'inline',
      'size',
    ]);

    const bounce = JSON.parse(runMailParse(readFileSync(fixture('bounce-dsn-postfix'))).stdout);
    expect(bounce).toMatchObject({
      isBounce: true,
      autoSubmitted: true,
      bouncedMessageId: '<ticket-42.reply-7@desk.test>',
    });
  });

  it('reads a file argument and indents with --pretty', () => {
    const { code, stdout } = runMailParse('', ['--pretty', fixture('reply-gmail')]);
    expect(code).toBe(0);
    expect(stdout).toContain('\n  "visibleText": "Thanks, that fixed it!\\n\\nAnn",\n');
  });

  it.each([
    ['empty input', ''],
    ['binary garbage', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff, 0xfe, 0x0a, 0x00])],
    ['text without headers', 'just some words\n'],
  ])('exits 2 with one sentence on %s', (_name, input) => {
    const { code, stdout, stderr } = runMailParse(input);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^[A-Z].*\.\n$/);
    expect(stderr).not.toContain('    at ');
  });

  it('exits 2 for a missing file', () => {
    const { code, stderr } = runMailParse('', ['/nonexistent/message.eml']);
    expect(code).toBe(2);
    expect(stderr).toBe('Cannot read the message file /nonexistent/message.eml: it does not exist.\n');
  });
});
