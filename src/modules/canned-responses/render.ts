/**
 * Canned-response variables: `{{customer.first_name}}` and friends, filled in from the ticket and the
 * agent who sends the reply. Pure (no I/O, no imports): the server renders with it and the agent app
 * imports the same file for the live preview on the admin screen.
 *
 * Rules:
 * - A variable is `{{name}}`, spaces inside the braces allowed (`{{ ticket.number }}`); names are
 *   the lowercase ones in VARIABLES. Anything else between `{{` and `}}` is an unknown variable,
 *   which saving refuses (the body is checked with `unknownVariables`).
 * - A value that is missing (no organisation, no email) renders as an empty string.
 * - `first_name` is the first word of the name, skipping a leading title ("Dr Jane Roe" → "Jane")
 *   and reading "Roe, Jane" as "Jane". With no name it is empty too: no invented greeting word
 *   ("there"), which would be wrong in every language but English.
 */

export const VARIABLES = [
  'customer.first_name',
  'customer.name',
  'customer.email',
  'organisation.name',
  'ticket.number',
  'ticket.subject',
  'agent.first_name',
  'agent.name',
  'workspace.name',
] as const;
export type Variable = (typeof VARIABLES)[number];

/** What a response is rendered with; every part is optional (a missing value renders as ''). */
export interface RenderContext {
  customer?: { name?: string | null; email?: string | null } | null;
  organisation?: { name?: string | null } | null;
  ticket?: { number?: number | null; subject?: string | null } | null;
  agent?: { name?: string | null } | null;
  workspace?: { name?: string | null } | null;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const KNOWN = new Set<string>(VARIABLES);
const TITLES = new Set(['mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'prof', 'sir', 'dame']);

export const isVariable = (name: string): name is Variable => KNOWN.has(name);

/** The variable names a body uses, in order of first appearance, known or not. */
export function variablesIn(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) names.add(match[1].trim());
  return [...names];
}

/** The names between `{{ }}` that are not variables (empty when the body is fine). */
export const unknownVariables = (body: string) => variablesIn(body).filter((name) => !isVariable(name));

/** The first name in a display name: "Jane Roe" → "Jane", "Dr. Jane Roe" → "Jane", "Roe, Jane" → "Jane". */
export function firstName(name: string | null | undefined): string {
  if (!name) return '';
  const comma = name.indexOf(',');
  const given = comma >= 0 && name.slice(comma + 1).trim() ? name.slice(comma + 1) : name;
  const words = given.trim().split(/\s+/).filter(Boolean);
  while (words.length > 1 && TITLES.has(words[0].toLowerCase().replace(/\.$/, ''))) words.shift();
  const first = words[0] ?? '';
  // A name that is really an email address (contacts created from a bare address) has no first name.
  return first.includes('@') ? '' : first;
}

function valueFor(name: Variable, context: RenderContext): string {
  const text = (value: string | number | null | undefined) => (value == null ? '' : String(value));
  switch (name) {
    case 'customer.first_name':
      return firstName(context.customer?.name);
    case 'customer.name':
      return text(context.customer?.name);
    case 'customer.email':
      return text(context.customer?.email);
    case 'organisation.name':
      return text(context.organisation?.name);
    case 'ticket.number':
      return text(context.ticket?.number);
    case 'ticket.subject':
      return text(context.ticket?.subject);
    case 'agent.first_name':
      return firstName(context.agent?.name);
    case 'agent.name':
      return text(context.agent?.name);
    case 'workspace.name':
      return text(context.workspace?.name);
  }
}

/** Fills in every known variable; unknown ones are left as written (saving refuses them anyway). */
export function renderCannedResponse(body: string, context: RenderContext): string {
  return body.replace(PLACEHOLDER, (whole, inner: string) => {
    const name = inner.trim();
    return isVariable(name) ? valueFor(name, context) : whole;
  });
}
