import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { Id, Nullable, PageOf, PageQuery, Timestamp } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import type { AuditService } from './service.ts';

const AuditRecord = Type.Object({
  id: Id,
  actorId: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  ip: Nullable(Type.String()),
  createdAt: Timestamp,
});

export async function auditRoutes(app: App, { audit }: { audit: AuditService }) {
  app.get('/api/v1/audit-log', {
    config: { access: access.admin },
    schema: {
      tags: ['audit'],
      summary: 'Staff actions: sign-ins, role and settings changes, tokens — newest first',
      querystring: Type.Object({ ...PageQuery, action: Type.Optional(Type.String({ maxLength: 100 })) }),
      response: { 200: PageOf(AuditRecord) },
    },
  }, async (request) => audit.list(actorOf(request), request.query));
}
