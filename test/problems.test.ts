import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { toProblem } from '../src/server/problems.ts';
import { eachDialect } from './harness.ts';

eachDialect('problem+json for database refusals', (ctx) => {
  it('answers a unique index refusal (a lost race past the service check) with 409, not 500', async () => {
    const { db } = ctx().database.handle;
    await sql`create table unique_probe (value text not null unique)`.execute(db);
    await sql`insert into unique_probe (value) values ('taken')`.execute(db);
    const refusal = await sql`insert into unique_probe (value) values ('taken')`.execute(db).catch((error: Error) => error);
    expect(refusal).toBeInstanceOf(Error);
    const logged: unknown[] = [];
    const request = { log: { error: (entry: unknown) => logged.push(entry) } } as unknown as FastifyRequest;
    expect(toProblem(refusal as Error, request)).toMatchObject({ type: '/problems/conflict', status: 409 });
    expect(logged).toEqual([]);
  });
});
