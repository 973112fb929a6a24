import type { InboundEmailTable, MailboxTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { seal } from '../../lib/sealed.ts';
import { auditByActor } from '../audit/service.ts';
import type { TeamService } from '../teams/service.ts';
import * as repo from './intake-repo.ts';
import type {
  CreateMailboxBody,
  ImapSettingsBody,
  ImapSettingsUpdate,
  InboundEmail,
  InboundEmailStatus,
  Mailbox,
  RetriedInboundEmails,
  UpdateMailboxBody,
} from './schema.ts';

export { CreateMailboxBody, ImapSettingsBody, InboundEmail, InboundEmailStatus, Mailbox, RetriedInboundEmails, UpdateMailboxBody } from './schema.ts';

/** Stored IMAP settings: the body's fields with the password sealed. */
export interface StoredImapSettings extends Omit<ImapSettingsBody, 'password'> {
  sealedPassword: string;
}

const toMailbox = (row: MailboxTable): Mailbox => {
  const imap: StoredImapSettings | null = row.imap_settings ? JSON.parse(row.imap_settings) : null;
  return {
    id: row.id,
    address: row.address,
    name: row.name,
    teamId: row.team_id,
    isActive: row.is_active === 1,
    imap: imap && {
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      user: imap.user,
      folder: imap.folder ?? 'INBOX',
      processedFolder: imap.processedFolder ?? null,
      polledAt: row.imap_polled_at === null ? null : new Date(row.imap_polled_at).toISOString(),
      error: row.imap_error,
    },
    createdAt: new Date(row.created_at).toISOString(),
  };
};

const toInboundEmail = (row: InboundEmailTable): InboundEmail => ({
  id: row.id,
  mailboxId: row.mailbox_id,
  source: row.source,
  envelopeFrom: row.envelope_from,
  size: row.size,
  receivedAt: new Date(row.received_at).toISOString(),
  status: row.status,
  outcome: row.outcome,
  ticketId: row.ticket_id,
  processedAt: row.processed_at === null ? null : new Date(row.processed_at).toISOString(),
  attempts: row.attempts,
  error: row.error,
});

/** The addresses a workspace receives mail at, each optionally routed to a team. */
export function createMailboxService({ db, clock, secret }: ServiceContext, teams: TeamService) {
  const storeImap = (imap: ImapSettingsBody | null | undefined) => {
    if (!imap) return null;
    const { password, ...rest } = imap;
    const stored: StoredImapSettings = { ...rest, sealedPassword: seal(secret, password) };
    return JSON.stringify(stored);
  };

  /**
   * New IMAP settings for a mailbox. Without a password the stored one is kept, but only for the same
   * server and user: the password must never follow settings to another server unasked.
   */
  const changeImap = (current: string | null, imap: ImapSettingsUpdate) => {
    const { password, ...rest } = imap;
    if (password !== undefined) return storeImap({ ...rest, password });
    const stored: StoredImapSettings | null = current ? JSON.parse(current) : null;
    if (!stored || stored.host !== imap.host || stored.user !== imap.user) {
      throw invalid('Enter the IMAP password: it is needed for a new server or user.', { 'imap.password': 'required for a new server or user' });
    }
    return JSON.stringify({ ...rest, sealedPassword: stored.sealedPassword } satisfies StoredImapSettings);
  };

  async function checkTeam(actor: Actor, teamId: string | null | undefined) {
    if (teamId && !(await teams.exist(actor, [teamId]))) throw invalid('The team does not exist in this workspace', { teamId: 'unknown team' });
  }

  return {
    list: async (actor: Actor) => (await repo.listMailboxes(db, actor.workspaceId)).map(toMailbox),

    async create(actor: Actor, body: CreateMailboxBody) {
      await checkTeam(actor, body.teamId);
      return db.transaction().execute(async (tx) => {
        const address = body.address.trim().toLowerCase();
        if (await repo.findMailboxByAddress(tx, address)) throw conflict(`${address} already receives mail for a workspace`, { address: 'already in use' });
        const now = clock.now();
        const row: MailboxTable = {
          id: newId(),
          workspace_id: actor.workspaceId,
          address,
          name: body.name.trim(),
          team_id: body.teamId ?? null,
          is_active: body.isActive === false ? 0 : 1,
          imap_settings: storeImap(body.imap),
          imap_polled_at: null,
          imap_error: null,
          created_at: now.getTime(),
          updated_at: now.getTime(),
        };
        await repo.insertMailbox(tx, row);
        await auditByActor(tx, actor, { action: 'mailbox.created', targetType: 'mailbox', targetId: row.id, details: { address } }, now);
        return toMailbox(row);
      });
    },

    async update(actor: Actor, id: string, body: UpdateMailboxBody) {
      await checkTeam(actor, body.teamId);
      return db.transaction().execute(async (tx) => {
        const row = await repo.findMailbox(tx, actor.workspaceId, id);
        if (!row) throw notFound('Mailbox');
        const now = clock.now();
        const changes: Partial<MailboxTable> = { updated_at: now.getTime() };
        if (body.address !== undefined) {
          const address = body.address.trim().toLowerCase();
          const other = await repo.findMailboxByAddress(tx, address);
          if (other && other.id !== id) throw conflict(`${address} already receives mail for a workspace`, { address: 'already in use' });
          changes.address = address;
        }
        if (body.name !== undefined) changes.name = body.name.trim();
        if (body.teamId !== undefined) changes.team_id = body.teamId;
        if (body.isActive !== undefined) changes.is_active = body.isActive ? 1 : 0;
        if (body.imap !== undefined) {
          Object.assign(changes, { imap_settings: body.imap && changeImap(row.imap_settings, body.imap), imap_error: null });
        }
        await repo.updateMailbox(tx, actor.workspaceId, id, changes);
        await auditByActor(tx, actor, { action: 'mailbox.changed', targetType: 'mailbox', targetId: id }, now);
        return toMailbox({ ...row, ...changes });
      });
    },

    /** What became of a stored message: e.g. "created (ticket #12)" (null while waiting its first turn). */
    async inboundOutcome(workspaceId: string, id: string) {
      const row = await repo.findInboundEmail(db, workspaceId, id);
      if (row?.status === 'received' && row.error) return `retrying after an error: ${row.error}`;
      if (!row?.outcome) return null;
      if (row.status === 'failed') return `${row.outcome}: ${row.error ?? 'no error recorded'}`;
      const number = row.ticket_id ? await repo.ticketNumber(db, row.ticket_id) : undefined;
      return number ? `${row.outcome} (ticket #${number})` : row.outcome;
    },

    async inboundLog(actor: Actor, query: { limit?: number; cursor?: string; status?: InboundEmailStatus }) {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const before = cursor ? { receivedAt: Number(cursor.value), id: cursor.id } : undefined;
      const rows = await repo.listInboundEmails(db, actor.workspaceId, limit, { status: query.status, before });
      return toPage(rows, limit, toInboundEmail, (row) => ({ value: row.received_at, id: row.id }));
    },

    /** Sends one given-up or retrying message back to the queue, to be processed at once. */
    async retryInbound(actor: Actor, id: string): Promise<RetriedInboundEmails> {
      return db.transaction().execute(async (tx) => {
        const row = await repo.findInboundEmail(tx, actor.workspaceId, id);
        if (!row) throw notFound('Inbound email');
        const items = await repo.requeueInboundEmails(tx, actor.workspaceId, { ids: [id] }, clock.now().getTime());
        if (!items.length) {
          throw conflict(row.status === 'processed' ? 'The message was processed already' : 'The message is waiting to be processed or is being processed now');
        }
        await auditByActor(tx, actor, { action: 'inbound-email.retried', targetType: 'inbound-email', targetId: id }, clock.now());
        return { items };
      });
    },

    /** Sends every given-up message of the workspace back to the queue. */
    async retryFailedInbound(actor: Actor): Promise<RetriedInboundEmails> {
      return db.transaction().execute(async (tx) => {
        const items = await repo.requeueInboundEmails(tx, actor.workspaceId, { allFailed: true }, clock.now().getTime());
        if (items.length) await auditByActor(tx, actor, { action: 'inbound-email.retried', targetType: 'workspace', targetId: actor.workspaceId, details: { count: items.length } }, clock.now());
        return { items };
      });
    },
  };
}

export type MailboxService = ReturnType<typeof createMailboxService>;
