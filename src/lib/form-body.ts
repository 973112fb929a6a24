import type { FastifyInstance } from 'fastify';
import { invalid } from './errors.ts';

/**
 * Parses HTML form posts (application/x-www-form-urlencoded) into a flat object of strings for the
 * routes of this scope; a repeated field is refused rather than silently merged.
 */
export function acceptFormPosts(scope: Pick<FastifyInstance, 'addContentTypeParser'>) {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      if (key in fields) return done(invalid(`The field ${key.slice(0, 40)} is repeated`, { [key.slice(0, 40)]: 'repeated' }), undefined);
      fields[key] = value;
    }
    done(null, fields);
  });
}
