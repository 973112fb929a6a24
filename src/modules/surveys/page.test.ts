import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../lib/escape-html.ts';
import { renderSurveyPage, type SurveyPage } from './page.ts';

const page: SurveyPage = {
  workspaceName: 'Desk',
  ticketNumber: 7,
  ticketSubject: 'Printer',
  state: 'open',
  cesAsked: true,
  reasons: ['Took too long', 'Other'],
  answer: null,
  action: '/survey/abc.def',
};

describe('survey page', () => {
  it('escapes every character that could open markup', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
  });

  it('renders user text only escaped, wherever it appears', () => {
    const evil = `"><script>alert(1)</script>'`;
    const html = renderSurveyPage({
      ...page,
      workspaceName: evil,
      ticketSubject: evil,
      reasons: [evil],
      state: 'open',
      answer: { score: 1, ces: 2, reason: evil, comment: evil },
      values: { comment: evil, reason: evil },
      errors: { comment: evil },
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(evil);
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;');
    for (const state of ['thanks', 'expired', 'closed', 'staff'] as const) {
      expect(
        renderSurveyPage({ ...page, state, ticketSubject: evil, answer: { score: 1, ces: null, reason: evil, comment: evil } }),
      ).not.toContain('<script>');
    }
  });

  it('labels every choice and asks CES only when enabled', () => {
    const html = renderSurveyPage(page);
    for (let score = 1; score <= 5; score++) expect(html).toContain(`<label for="score-${score}">`);
    for (let ces = 1; ces <= 7; ces++) expect(html).toContain(`<label for="ces-${ces}">`);
    expect(html).toContain('<html lang="en">');
    expect(renderSurveyPage({ ...page, cesAsked: false })).not.toContain('name="ces"');
  });
});
