/**
 * Why both databases would not store `text` as given, or undefined when they would: PostgreSQL
 * refuses NUL (U+0000) outright, and a lone surrogate (half of a UTF-16 pair, which JSON's "\ud800"
 * can produce) is mangled into U+FFFD differently by each.
 */
export const unstorableTextProblem = (text: string) =>
  text.includes('\u0000') ? 'must not contain NUL characters' : text.isWellFormed() ? undefined : 'must not contain unpaired surrogate characters';
