import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// A survey link names its survey and carries an HMAC of the id under a key derived from the
// installation secret for this one purpose: it opens that survey's form and nothing else, it cannot
// be forged or guessed without the secret, and nothing needs storing to check it. The kind (csat,
// nps) is part of what is signed, so a CSAT link never opens an NPS survey or the other way round.

type SurveyKind = 'csat' | 'nps';

const PURPOSE = 'rapport-survey-link:v1';
const keyOf = (secret: string) => createHash('sha256').update(`${PURPOSE}:${secret}`).digest();
const macOf = (secret: string, kind: SurveyKind, surveyId: string) => createHmac('sha256', keyOf(secret)).update(`${kind}:${surveyId}`).digest('base64url');

const tokenOf = (secret: string, kind: SurveyKind, surveyId: string) => `${surveyId}.${macOf(secret, kind, surveyId)}`;

function verify(secret: string, kind: SurveyKind, token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || token.length > 200) return undefined;
  const surveyId = token.slice(0, dot);
  if (!/^[0-9a-f-]{1,64}$/.test(surveyId)) return undefined;
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(macOf(secret, kind, surveyId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? surveyId : undefined;
}

export const surveyToken = (secret: string, surveyId: string) => tokenOf(secret, 'csat', surveyId);
export const npsSurveyToken = (secret: string, surveyId: string) => tokenOf(secret, 'nps', surveyId);

/** The survey id a token names, or undefined when the token is not one this installation signed. */
export const verifySurveyToken = (secret: string, token: string) => verify(secret, 'csat', token);
/** The NPS survey id an NPS link names, or undefined (a CSAT link included). */
export const verifyNpsSurveyToken = (secret: string, token: string) => verify(secret, 'nps', token);
