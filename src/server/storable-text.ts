import type { FastifyRequest } from 'fastify';
import { invalid } from '../lib/errors.ts';
import { unstorableTextProblem as problemOf } from '../lib/storable-text.ts';

// Text the databases would not store as sent (lib/storable-text.ts) is refused at the door, for
// every route, instead of failing deep inside one.

/** The first unstorable string in a parsed value, as a field path and what is wrong with it. */
function findUnstorable(value: unknown, path: string): [string, string] | undefined {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? [path, problem] : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const keyProblem = problemOf(key);
    if (keyProblem) return [path || 'body', `field names ${keyProblem}`];
    const found = findUnstorable(item, field);
    if (found) return found;
  }
  return undefined;
}

const parts = [
  ['params', 'path'],
  ['query', 'query string'],
  ['body', 'body'],
] as const;

/** preValidation hook: a 400 naming the field, before any route sees the request. */
export async function refuseUnstorableText(request: FastifyRequest) {
  for (const [part, name] of parts) {
    const found = findUnstorable(request[part], '');
    if (found) {
      const [field, problem] = [found[0] || part, found[1]];
      throw invalid(`Invalid ${name}: ${field} ${problem}`, { [field]: problem });
    }
  }
}
