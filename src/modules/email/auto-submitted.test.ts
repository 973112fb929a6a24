import { describe, expect, it } from 'vitest';
import {
  classifyAutoSubmitted,
  extractMessageIds,
  findBouncedMessageId,
  type MessageFacts,
  type MimePartFacts,
  readHeaderBlock,
} from './auto-submitted.ts';

const plain: MimePartFacts = { contentType: 'text/plain', params: {} };

function facts(headers: Record<string, string | string[]>, overrides: Partial<MessageFacts> = {}): MessageFacts {
  const map = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), [value].flat()]));
  return { headers: map, parts: [plain], fromAddress: 'ann@example.com', subject: 'Hello', ...overrides };
}

describe('classifyAutoSubmitted: headers', () => {
  it.each([
    [{}, false],
    [{ 'Auto-Submitted': 'no' }, false],
    [{ 'Auto-Submitted': 'No (written by a person)' }, false],
    [{ 'Auto-Submitted': 'auto-replied' }, true],
    [{ 'Auto-Submitted': 'auto-generated' }, true],
    [{ 'Auto-Submitted': 'auto-notified; owner-email="x@y.z"' }, true],
    [{ 'Auto-Submitted': '' }, false],
    [{ 'X-Autoreply': 'yes' }, true],
    [{ 'X-Autoreply': 'no' }, false],
    [{ 'X-Autorespond': 'Thanks for your mail' }, true],
    [{ Precedence: 'bulk' }, true],
    [{ Precedence: 'Junk' }, true],
    [{ Precedence: 'list' }, true],
    [{ Precedence: 'auto_reply' }, true],
    [{ Precedence: 'first-class' }, false],
    [{ 'List-Id': '<users.lists.example.com>' }, true],
    [{ 'List-Unsubscribe': '<mailto:leave@lists.example.com>' }, true],
    [{ 'X-Auto-Response-Suppress': 'All' }, true],
    [{ 'X-Auto-Response-Suppress': 'DR, OOF, AutoReply' }, true],
    [{ 'X-Auto-Response-Suppress': 'RN, NRN' }, false],
    [{ 'Return-Path': '<>' }, true],
    [{ 'Return-Path': '<ann@example.com>' }, false],
  ])('%j -> %s', (headers, expected) => {
    expect(classifyAutoSubmitted(facts(headers))).toEqual({ autoSubmitted: expected, isBounce: false });
  });

  it('lets an explicit "Auto-Submitted: no" outrank the vendor heuristics', () => {
    const verdict = classifyAutoSubmitted(
      facts({ 'Auto-Submitted': 'no', Precedence: 'bulk', 'List-Id': '<l.example.com>', 'X-Autoreply': 'yes' }),
    );
    expect(verdict.autoSubmitted).toBe(false);
  });
});

describe('classifyAutoSubmitted: reports and bounces', () => {
  const report = (type: string): MimePartFacts => ({
    contentType: 'multipart/report',
    params: { 'report-type': type },
  });
  const status: MimePartFacts = { contentType: 'message/delivery-status', params: {} };

  it('takes a multipart/report delivery-status as a bounce, even against "Auto-Submitted: no"', () => {
    const verdict = classifyAutoSubmitted(
      facts({ 'Auto-Submitted': 'no' }, { parts: [report('delivery-status'), plain, status] }),
    );
    expect(verdict).toEqual({ autoSubmitted: true, isBounce: true });
  });

  it('takes a delivery-status part inside multipart/mixed as a bounce', () => {
    const parts = [{ contentType: 'multipart/mixed', params: {} }, plain, status];
    expect(classifyAutoSubmitted(facts({}, { parts, fromAddress: 'MAILER-DAEMON' })).isBounce).toBe(true);
  });

  it('treats read receipts as automatic but not as bounces', () => {
    const parts = [
      report('disposition-notification'),
      plain,
      { contentType: 'message/disposition-notification', params: {} },
    ];
    expect(classifyAutoSubmitted(facts({}, { parts }))).toEqual({ autoSubmitted: true, isBounce: false });
  });

  it.each([
    ['MAILER-DAEMON@mx.example.com', 'Undelivered Mail Returned to Sender', true],
    ['mailer-daemon@qmail.example', 'failure notice', true],
    ['postmaster@exchange.example', 'Undeliverable: Printer', true],
    ['Postmaster@example.com', 'Delivery Status Notification (Failure)', true],
    ['ann@example.com', 'Undeliverable: Printer', false],
    ['MAILER-DAEMON@mx.example.com', 'Your weekly digest', false],
  ])('a report-less mail from %s titled %j: bounce %s', (fromAddress, subject, expected) => {
    expect(classifyAutoSubmitted(facts({}, { fromAddress, subject })).isBounce).toBe(expected);
  });
});

describe('findBouncedMessageId', () => {
  const returned = (content: string) => ({ contentType: 'message/rfc822', content });

  it('reads the returned message first, unfolding its header', () => {
    const part = returned('From: a@b.c\r\nMessage-ID:\r\n <orig@desk.test>\r\n\r\nMessage-ID: <not-this@x>\r\n');
    expect(findBouncedMessageId([part], 'Original-Message-ID: <other@x>')).toBe('<orig@desk.test>');
  });

  it('falls back to Original-Message-ID, then to a Message-ID line in the text', () => {
    expect(findBouncedMessageId([returned('From: a@b.c\r\n\r\nbody')], 'Original-Message-ID: <o@x>')).toBe('<o@x>');
    expect(findBouncedMessageId([], 'Reporting-MTA: dns; x\nX-Original-Message-ID: bare@x\n')).toBe('<bare@x>');
    expect(findBouncedMessageId([], '--- copy of the message:\n\nMessage-Id: <copied@x>\n')).toBe('<copied@x>');
    expect(findBouncedMessageId([], 'no ids here')).toBeNull();
  });
});

describe('header helpers', () => {
  it('reads the first value of each header of a block', () => {
    const block = readHeaderBlock('Subject: one\r\n two\r\nSubject: second\r\nX: y\r\n\r\nBody: no');
    expect(block.get('subject')).toBe('one two');
    expect(block.get('x')).toBe('y');
    expect(block.has('body')).toBe(false);
  });

  it('extracts Message-IDs in angle brackets, bracketing bare ones as mailparser does', () => {
    expect(extractMessageIds('<a@b> (comment) <c@d>,<e@f>')).toEqual(['<a@b>', '<c@d>', '<e@f>']);
    expect(extractMessageIds('bare@id other@id')).toEqual(['<bare@id>', '<other@id>']);
    expect(extractMessageIds('  ')).toEqual([]);
  });
});
