import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { pageLimit } from '../../lib/pagination.ts';
import { PageOf, PageQuery } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { Ticket } from '../tickets/schema.ts';
import type { SearchService } from './service.ts';
import type { TicketService } from '../tickets/service.ts';

export async function searchRoutes(app: App, { search, tickets }: { search: SearchService; tickets: TicketService }) {

  app.get('/api/v1/search', {
    config: { access: access.read },
    schema: {
      tags: ['search'],
      summary: 'Full-text search over ticket subjects, messages and requester names; newest first, or best match first',
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 200 }),
        sort: Type.Optional(
          Type.Union([Type.Literal('newest'), Type.Literal('relevance')], {
            description: 'newest (default) or relevance: a match in the subject ranks above one in a name, above one in the messages',
          }),
        ),
        ...PageQuery,
      }),
      response: { 200: PageOf(Ticket) },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const page = await search.findTicketIds(actor, request.query.q, pageLimit(request.query.limit), request.query.cursor, request.query.sort);
    return { items: await tickets.getMany(actor, page.ticketIds), nextCursor: page.nextCursor };
  });
}
