import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { messages } from '../../i18n/index.ts';
import { formatDateTime, formatFileSize } from '../../lib/format.ts';
import { sanitizeMessageHtml } from '../../lib/safe-html.ts';
import { useSession } from '../auth/use-session.ts';
import { useUsers } from '../directory/use-directory.ts';
import { SplitMessage } from '../ticket-actions/SplitMessage.tsx';
import { PaperclipIcon } from './AttachmentPicker.tsx';
import { attachmentUrl, type Message, type Ticket } from './api.ts';
import { channelLabel } from './ticket-options.ts';
import { useMessages } from './use-tickets.ts';

const t = messages.ticket;

type Kind = 'customer' | 'reply' | 'note' | 'system';

const kindOf = (message: Message): Kind =>
  message.internal ? 'note' : message.authorType === 'contact' ? 'customer' : message.authorType === 'system' ? 'system' : 'reply';

// Customer messages sit left on white, replies right on blue, notes on amber with a label: told
// apart by position, colour and words, so none depends on colour alone.
const frames: Record<Kind, string> = {
  customer: 'mr-12 bg-white ring-slate-200',
  reply: 'ml-12 bg-blue-50 ring-blue-200',
  note: 'ml-12 bg-amber-50 ring-amber-300 border-l-4 border-amber-500',
  system: 'mx-12 bg-slate-50 ring-slate-200',
};

export function Conversation({ ticket }: { ticket: Ticket }) {
  const { data, error, isPending } = useMessages(ticket.id);
  const { usersById } = useUsers();
  const { user } = useSession();
  if (isPending) return <Spinner label={messages.app.loading} />;
  if (error) return <Alert>{error.message}</Alert>;
  if (data.length === 0) return <p className="text-sm text-slate-600">{t.noMessages}</p>;

  // A ticket with one message has nothing to split off; a merged one takes no changes.
  const canSplit = user.role !== 'read-only' && !ticket.mergedIntoId && data.length > 1;
  const authorName = (message: Message) => {
    if (message.authorType === 'system') return t.system;
    if (message.authorType === 'contact')
      return message.authorId === ticket.requesterId && ticket.requester.name ? ticket.requester.name : t.customer;
    return (message.authorId && usersById.get(message.authorId)?.name) || t.unknownAgent;
  };

  return (
    <ol className="space-y-4" aria-label={t.conversation}>
      {data.map((message) => {
        const kind = kindOf(message);
        return (
          <li key={message.id} data-message-kind={kind} className={cn('rounded-lg px-4 py-3 shadow-sm ring-1', frames[kind])}>
            <article aria-label={`${kind === 'note' ? t.internalNote : authorName(message)}, ${formatDateTime(message.createdAt)}`}>
              <header className="mb-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
                <span className="text-sm font-semibold text-slate-900">{authorName(message)}</span>
                {kind === 'note' && <Badge tone="amber">{t.internalNote}</Badge>}
                <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
                <span>{t.via(channelLabel(message.channel))}</span>
                {message.deliveryStatus && <DeliveryStatus status={message.deliveryStatus} />}
                {canSplit && (
                  <SplitMessage
                    ticket={ticket}
                    messageId={message.id}
                    label={messages.ticketActions.split.actionLabel(authorName(message), formatDateTime(message.createdAt))}
                  />
                )}
              </header>
              <MessageBody message={message} />
              <MessageAttachments message={message} />
            </article>
          </li>
        );
      })}
    </ol>
  );
}

// Raster images are shown in the conversation (as <img>, so an SVG's scripts could not run anyway).
const PREVIEWABLE = /^image\/(png|jpeg|gif|webp)$/;

/** Files of a message as download links, images also shown; inline images of an HTML body are in the body already. */
function MessageAttachments({ message }: { message: Message }) {
  const listed = message.attachments.filter((a) => !a.inline || !message.html);
  if (listed.length === 0) return null;
  const ta = messages.attachments;
  return (
    <div className="mt-3 border-t border-slate-200 pt-2">
      <h3 className="sr-only">{t.attachments}</h3>
      <ul className="flex flex-wrap items-end gap-2">
        {listed.map((attachment) => {
          const url = attachmentUrl(attachment.id);
          const size = formatFileSize(attachment.size);
          return (
            <li key={attachment.id} data-attachment={attachment.filename} className="max-w-full">
              {PREVIEWABLE.test(attachment.contentType) && (
                <img
                  src={url}
                  alt={ta.image(attachment.filename)}
                  loading="lazy"
                  className="mb-1 block max-h-48 max-w-full rounded border border-slate-200 bg-white object-contain sm:max-w-xs"
                />
              )}
              <a
                href={url}
                download={attachment.filename}
                aria-label={ta.download(attachment.filename, size)}
                className="inline-flex max-w-full items-center gap-1 rounded border border-slate-300 bg-white px-2 py-1 text-xs text-blue-800 hover:underline"
              >
                <PaperclipIcon />
                <span className="truncate">{attachment.filename}</span>
                <span className="shrink-0 text-slate-600">({size})</span>
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function DeliveryStatus({ status }: { status: string }) {
  const isProblem = status === 'failed' || status === 'bounced';
  return (
    <Badge tone={isProblem ? 'red' : status === 'sent' ? 'green' : 'neutral'} title={isProblem ? t.deliveryProblem : undefined}>
      {t.delivery[status] ?? status}
    </Badge>
  );
}

function MessageBody({ message }: { message: Message }) {
  if (message.html) {
    const inline = new Map(message.attachments.filter((a) => a.contentId).map((a) => [a.contentId as string, attachmentUrl(a.id)]));
    return (
      <div
        className="message-html max-w-none text-sm leading-relaxed text-slate-900"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised with DOMPurify first (lib/safe-html.ts)
        dangerouslySetInnerHTML={{ __html: sanitizeMessageHtml(message.html, inline) }}
      />
    );
  }
  return <div className="whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-900">{message.text}</div>;
}
