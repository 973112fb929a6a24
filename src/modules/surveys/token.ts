import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// A survey link names its survey and carries an HMAC of the id under a key derived from the
// installation secret for this one purpose: it opens that survey's form and nothing else, it cannot
// be forged or guessed without the secret, and nothing needs storing to check it.

const PURPOSE = 'rapport-survey-link:v1';
const keyOf = (secret: string) => createHash('sha256').update(`${PURPOSE}:${secret}`).digest();
const macOf = (secret: string, surveyId: string) => createHmac('sha256', keyOf(secret)).update(`csat:${surveyId}`).digest('base64url');

export const surveyToken = (secret: string, surveyId: string) => `${surveyId}.${macOf(secret, surveyId)}`;

/** The survey id a token names, or undefined when the token is not one this installation signed. */
export function verifySurveyToken(secret: string, token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || token.length > 200) return undefined;
  const surveyId = token.slice(0, dot);
  if (!/^[0-9a-f-]{1,64}$/.test(surveyId)) return undefined;
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(macOf(secret, surveyId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? surveyId : undefined;
}
