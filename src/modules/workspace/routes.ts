import { access } from '../../lib/actor.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { UpdateWorkspaceBody, Workspace } from './schema.ts';
import type { WorkspaceService } from './service.ts';

export async function workspaceRoutes(app: App, { workspace }: { workspace: WorkspaceService }) {
  const tags = ['workspace'];

  app.get('/api/v1/workspace', {
    config: { access: access.read },
    schema: { tags, summary: 'The workspace and its settings', response: { 200: Workspace } },
  }, async (request) => workspace.get(actorOf(request)));

  app.patch('/api/v1/workspace', {
    config: { access: access.admin },
    schema: { tags, summary: 'Change workspace settings (audited)', body: UpdateWorkspaceBody, response: { 200: Workspace } },
  }, async (request) => workspace.update(actorOf(request), request.body));
}
