import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { AdminList } from './AdminList.tsx';
import { useCanAdminister } from './AdminLayout.tsx';
import type { InboundEmail, Mailbox } from './api.ts';
import { useInboundEmails, useRetryInbound } from './use-admin.ts';

const tm = messages.admin.mailboxes;
const ti = tm.inbound;

/**
 * Received mail that did not become a ticket: given up (`failed`, always shown) or waiting for
 * another attempt (`retrying`, shown only while there is some). Admins can send it back to the queue.
 */
export function InboundMailList({ status, mailboxes }: { status: 'failed' | 'retrying'; mailboxes: Mailbox[] | undefined }) {
  const canRetry = useCanAdminister();
  const { data, error, isPending, hasNextPage, fetchNextPage, isFetchingNextPage } = useInboundEmails(status);
  const retry = useRetryInbound();
  const [notice, setNotice] = useState('');
  const rows = data?.pages.flatMap((page) => page.items);
  const texts = status === 'failed' ? tm.failed : tm.retrying;
  // Retry all covers the failed ones only: the others get their next attempt anyway.
  const canRetryAll = canRetry && status === 'failed' && !!rows?.length;
  if (status === 'retrying' && rows?.length === 0 && !notice) return null;

  const addressOf = (id: string) => mailboxes?.find((mailbox) => mailbox.id === id)?.address ?? '…';
  const senderOf = (email: InboundEmail) => email.envelopeFrom ?? ti.unknownSender;
  const reasonOf = (email: InboundEmail) =>
    status === 'retrying' ? (
      <Badge tone="amber">{tm.retrying.reason}</Badge>
    ) : (
      <Badge tone="red">{email.outcome === 'unreadable' ? tm.failed.unreadable : tm.failed.processingFailed}</Badge>
    );

  function handleRetry(id: string | null) {
    setNotice('');
    retry.mutate(id, { onSuccess: ({ items }) => setNotice(ti.retried(items.length)) });
  }

  return (
    <AdminList
      title={texts.title}
      intro={texts.intro}
      rows={rows}
      isPending={isPending}
      error={error}
      emptyText={texts.none}
      rowKey={(email) => email.id}
      rowAttributes={(email) => ({ 'data-inbound-email': email.id })}
      columns={[
        {
          header: ti.columns.receivedAt,
          isRowHeader: true,
          className: 'whitespace-nowrap',
          cell: (email) => formatShortDateTime(email.receivedAt),
        },
        { header: ti.columns.from, className: 'break-all text-slate-700', cell: senderOf },
        { header: ti.columns.mailbox, className: 'break-all text-slate-700', cell: (email) => addressOf(email.mailboxId) },
        { header: ti.columns.reason, cell: reasonOf },
        { header: ti.columns.attempts, className: 'text-slate-700', cell: (email) => email.attempts },
        { header: ti.columns.error, className: 'break-words text-xs text-red-800', cell: (email) => email.error },
        ...(canRetry
          ? [
              {
                header: ti.columns.actions,
                className: 'text-right',
                cell: (email: InboundEmail) => (
                  <Button
                    size="sm"
                    aria-label={ti.retryLabel(senderOf(email), formatShortDateTime(email.receivedAt))}
                    disabled={retry.isPending}
                    onClick={() => handleRetry(email.id)}
                  >
                    {ti.retry}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
      actionsLabel={ti.columns.actions}
      footer={
        hasNextPage && (
          <Button size="sm" variant="ghost" disabled={isFetchingNextPage} onClick={() => fetchNextPage()}>
            {ti.loadMore}
          </Button>
        )
      }
    >
      <div className={cn('flex items-center justify-between gap-4', !canRetryAll && !notice && 'hidden')}>
        <p role="status" className="text-sm text-green-800 empty:hidden">
          {notice}
        </p>
        {canRetryAll && (
          <Button className="ml-auto" disabled={retry.isPending} onClick={() => handleRetry(null)}>
            {tm.failed.retryAll}
          </Button>
        )}
      </div>
      {retry.error && <Alert>{retry.error.message}</Alert>}
    </AdminList>
  );
}
