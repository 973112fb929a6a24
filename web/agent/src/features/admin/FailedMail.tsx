import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { AdminList } from './AdminList.tsx';
import { useCanAdminister } from './AdminLayout.tsx';
import type { InboundEmail, Mailbox } from './api.ts';
import { useFailedInbound, useRetryInbound } from './use-admin.ts';

const tf = messages.admin.mailboxes.failed;

/** Received mail that was given up: why, and (for admins) a way to process it again. */
export function FailedMail({ mailboxes }: { mailboxes: Mailbox[] | undefined }) {
  const canRetry = useCanAdminister();
  const { data, error, isPending, hasNextPage, fetchNextPage, isFetchingNextPage } = useFailedInbound();
  const retry = useRetryInbound();
  const [notice, setNotice] = useState('');
  const rows = data?.pages.flatMap((page) => page.items);
  const addressOf = (id: string) => mailboxes?.find((mailbox) => mailbox.id === id)?.address ?? '…';
  const senderOf = (email: InboundEmail) => email.envelopeFrom ?? tf.unknownSender;

  function handleRetry(id: string | null) {
    setNotice('');
    retry.mutate(id, { onSuccess: ({ items }) => setNotice(tf.retried(items.length)) });
  }

  return (
    <AdminList
      title={tf.title}
      intro={tf.intro}
      rows={rows}
      isPending={isPending}
      error={error}
      emptyText={tf.none}
      rowKey={(email) => email.id}
      rowAttributes={(email) => ({ 'data-failed-mail': email.id })}
      columns={[
        {
          header: tf.columns.receivedAt,
          isRowHeader: true,
          className: 'whitespace-nowrap',
          cell: (email) => formatShortDateTime(email.receivedAt),
        },
        { header: tf.columns.from, className: 'break-all text-slate-700', cell: senderOf },
        { header: tf.columns.mailbox, className: 'break-all text-slate-700', cell: (email) => addressOf(email.mailboxId) },
        {
          header: tf.columns.reason,
          cell: (email) => <Badge tone="red">{email.outcome === 'unreadable' ? tf.unreadable : tf.processingFailed}</Badge>,
        },
        { header: tf.columns.attempts, className: 'text-slate-700', cell: (email) => email.attempts },
        {
          header: tf.columns.error,
          className: 'break-words text-xs text-red-800',
          cellAttributes: { 'data-error': '' },
          cell: (email) => email.error,
        },
        ...(canRetry
          ? [
              {
                header: tf.columns.actions,
                className: 'text-right',
                cell: (email: InboundEmail) => (
                  <Button
                    size="sm"
                    aria-label={tf.retryLabel(senderOf(email), formatShortDateTime(email.receivedAt))}
                    disabled={retry.isPending}
                    onClick={() => handleRetry(email.id)}
                  >
                    {tf.retry}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
      actionsLabel={tf.columns.actions}
      footer={
        hasNextPage && (
          <Button size="sm" variant="ghost" disabled={isFetchingNextPage} onClick={() => fetchNextPage()}>
            {tf.loadMore}
          </Button>
        )
      }
    >
      <div className="flex items-center justify-between gap-4 empty:hidden">
        <p role="status" className="text-sm text-green-800 empty:hidden">
          {notice}
        </p>
        {canRetry && rows && rows.length > 0 && (
          <Button className="ml-auto" disabled={retry.isPending} onClick={() => handleRetry(null)}>
            {tf.retryAll}
          </Button>
        )}
      </div>
      {retry.error && <Alert>{retry.error.message}</Alert>}
    </AdminList>
  );
}
