import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemActor } from '../../lib/actor.ts';
import { createRateLimiter } from '../../lib/rate-limit.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { DEFAULT_LANGUAGE } from '../kb/service.ts';
import type { WorkspaceService } from '../workspace/service.ts';

const FEEDBACK_TOKEN_MS = 24 * 3_600_000;

/**
 * What the customer portal's public pages need beyond the knowledge base: the workspace a host
 * name serves, per-address limits, and the signed token a feedback form carries (so a form cannot
 * be posted without first loading the article; it expires after a day).
 */
export function createPortalService({ clock, secret }: ServiceContext, deps: { workspace: Pick<WorkspaceService, 'findByPortalHost'> }) {
  const searches = createRateLimiter({ limit: 60, windowMs: 60_000, clock });
  const feedbackPosts = createRateLimiter({ limit: 10, windowMs: 10 * 60_000, clock });
  const sign = (payload: string) => createHmac('sha256', secret).update(`portal-feedback:${payload}`).digest('base64url');

  return {
    /** The workspace whose portal `host` is, acting as the system with its default language. */
    async workspaceFor(host: string | undefined) {
      const found = await deps.workspace.findByPortalHost(host);
      return found
        ? { actor: systemActor(found.id), name: found.name, defaultLanguage: found.settings.defaultLanguage ?? DEFAULT_LANGUAGE }
        : undefined;
    },

    mayHaveSearch: (address: string) => searches.take(address),
    mayHaveFeedback: (address: string) => feedbackPosts.take(address),

    feedbackToken(articleId: string) {
      const issued = clock.now().getTime().toString(36);
      return `${issued}.${sign(`${articleId}.${issued}`)}`;
    },

    feedbackTokenValid(articleId: string, token: unknown) {
      if (typeof token !== 'string') return false;
      const [issued, signature] = token.split('.');
      const age = clock.now().getTime() - Number.parseInt(issued ?? '', 36);
      const expected = Buffer.from(sign(`${articleId}.${issued}`));
      const given = Buffer.from(signature ?? '');
      return age >= 0 && age < FEEDBACK_TOKEN_MS && given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export type PortalService = ReturnType<typeof createPortalService>;
