import fc from 'fast-check';
import { expect, it } from 'vitest';
import { make } from './factories.ts';
import { eachDialect } from './harness.ts';

eachDialect('cursor pagination', (ctx) => {
  it('neither repeats nor skips tickets while new ones are inserted between pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          steps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 25 }),
          pageSize: fc.integer({ min: 1, max: 7 }),
          insertsPerPage: fc.integer({ min: 0, max: 3 }),
          ascending: fc.boolean(),
          status: fc.constantFrom(undefined, 'new'),
        }),
        async ({ steps, pageSize, insertsPerPage, ascending, status }) => {
          const { services, clock } = ctx();
          const ws = await make.workspace(services);
          const original = new Set<string>();
          for (const step of steps) {
            clock.advance(step); // 0 ms steps make ties on created_at: the id breaks them
            original.add((await make.ticket(services, ws.admin)).id);
          }
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let page = 0; page < 100; page++) {
            const result = await services.tickets.list(ws.admin, { limit: pageSize, cursor, status, sort: ascending ? 'createdAt' : '-createdAt' });
            seen.push(...result.items.map((ticket) => ticket.id));
            for (let i = 0; i < insertsPerPage; i++) {
              clock.advance(1);
              await make.ticket(services, ws.admin);
            }
            if (!result.nextCursor) break;
            cursor = result.nextCursor;
          }
          expect(new Set(seen).size).toBe(seen.length);
          for (const id of original) expect(seen).toContain(id);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
