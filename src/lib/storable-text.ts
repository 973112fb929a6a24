// In unicode mode a well-formed pair reads as one code point: only a lone half is a Surrogate.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Why both databases would not store `text` as given, or undefined when they would: PostgreSQL
 * refuses NUL (U+0000) outright, and a lone surrogate (half of a UTF-16 pair, which JSON's "\ud800"
 * can produce) is mangled into U+FFFD differently by each.
 */
export const unstorableTextProblem = (text: string) =>
  text.includes('\u0000') ? 'must not contain NUL characters' : LONE_SURROGATE.test(text) ? 'must not contain unpaired surrogate characters' : undefined;

/**
 * Text as both databases store it: PostgreSQL refuses U+0000 in text, so NUL is removed, and a lone
 * surrogate (which neither can keep) becomes U+FFFD, so SQLite and PostgreSQL hold the same string.
 */
export const storableText = (text: string) => text.replaceAll('\0', '').replace(/\p{Surrogate}/gu, '\uFFFD');
