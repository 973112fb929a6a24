import type { Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';

/** What a ticket write ends up asking for: the category status, and the custom status (null clears it). */
export interface StatusTarget {
  status?: string;
  customStatus?: string | null;
}

/**
 * The workspace's own ticket structure that every ticket write is checked against: custom statuses
 * (ticket-statuses module) and custom field definitions (custom-fields module). Errors name the field.
 */
export interface TicketStructure {
  /** `customStatus` gives the category; `status` alone means the plain category and clears the custom one. */
  resolveStatus(tx: Executor, workspaceId: string, body: { status?: string; customStatus?: string | null }): Promise<StatusTarget>;
  /** Labels of the workspace's custom statuses by key, for ticket DTOs. */
  statusLabels(tx: Executor, workspaceId: string): Promise<Map<string, string>>;
  /** Validates the custom field values a create or update sends (required fields on create by staff). */
  checkCustomFields(tx: Executor, actor: Actor, values: Record<string, unknown>, mode: 'create' | 'update'): Promise<void>;
}
