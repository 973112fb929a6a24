import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { npsSurveyToken, surveyToken, verifyNpsSurveyToken, verifySurveyToken } from './token.ts';

const SECRET = 'a-secret-for-tests-0123456789';
const ID = '0195f3a2-7b7c-7d6e-8f00-123456789abc';

describe('survey tokens', () => {
  it('name their survey and check out under the same secret only', () => {
    const token = surveyToken(SECRET, ID);
    expect(verifySurveyToken(SECRET, token)).toBe(ID);
    expect(verifySurveyToken('another-secret', token)).toBeUndefined();
    expect(token.length).toBeGreaterThan(ID.length + 40);
  });

  it('refuse any change to a token', () => {
    const token = surveyToken(SECRET, ID);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), (at, char) => {
        const changed = token.slice(0, at) + char + token.slice(at + 1);
        fc.pre(changed !== token);
        expect(verifySurveyToken(SECRET, changed)).toBeUndefined();
      }),
    );
  });

  it('refuse a token moved to another survey id, and garbage', () => {
    const [, mac] = surveyToken(SECRET, ID).split('.');
    expect(verifySurveyToken(SECRET, `${ID.replace('a', 'b')}.${mac}`)).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(verifySurveyToken(SECRET, text)).toBeUndefined();
      }),
    );
  });

  it('are single-purpose: a CSAT link never opens an NPS survey, nor the other way round', () => {
    expect(verifyNpsSurveyToken(SECRET, npsSurveyToken(SECRET, ID))).toBe(ID);
    expect(verifyNpsSurveyToken(SECRET, surveyToken(SECRET, ID))).toBeUndefined();
    expect(verifySurveyToken(SECRET, npsSurveyToken(SECRET, ID))).toBeUndefined();
  });
});
