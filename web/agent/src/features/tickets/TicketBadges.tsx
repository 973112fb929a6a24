import { Badge, type Tone } from '@rapport/ui/Badge.tsx';
import type { Ticket } from './api.ts';
import { type Priority, priorityLabel, statusLabel, type TicketStatus } from './ticket-options.ts';

const statusTones: Record<TicketStatus, Tone> = {
  new: 'blue',
  open: 'violet',
  pending: 'amber',
  'on-hold': 'slate',
  solved: 'green',
  closed: 'neutral',
};
const priorityTones: Record<Priority, Tone> = { P1: 'red', P2: 'amber', P3: 'neutral', P4: 'neutral' };

export function StatusBadge({ ticket }: { ticket: Pick<Ticket, 'status' | 'customStatusLabel'> }) {
  return (
    <Badge tone={statusTones[ticket.status as TicketStatus] ?? 'neutral'}>{ticket.customStatusLabel ?? statusLabel(ticket.status)}</Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Ticket['priority'] }) {
  return (
    <Badge tone={priorityTones[priority as Priority] ?? 'neutral'} title={priorityLabel(priority)}>
      {priority}
    </Badge>
  );
}
