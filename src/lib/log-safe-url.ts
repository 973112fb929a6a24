/**
 * A URL as it may appear in logs: a link whose path is itself a credential (a survey link's signed
 * token) keeps its shape but loses the secret part; everything else is unchanged.
 */
export const logSafeUrl = (url: string) => url.replace(/^\/survey\/[^/?#]+/, '/survey/[token]');
