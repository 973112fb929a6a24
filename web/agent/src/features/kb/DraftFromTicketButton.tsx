import { Button } from '@rapport/ui/Button.tsx';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { createArticleFromTicket, kbKeys, useCanWriteKb } from './ticket-articles.ts';

const t = messages.kb.suggestions;

/** "Turn into draft article": the customer's question and the public answers become an internal draft, opened at once. */
export function DraftFromTicketButton({ ticketId }: { ticketId: string }) {
  const canWrite = useCanWriteKb();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => createArticleFromTicket(ticketId),
    onSuccess: (article) => {
      queryClient.setQueryData(kbKeys.translation(article.id, article.translation.language), article);
      void navigate({
        to: '/kb/articles/$articleId',
        params: { articleId: article.id },
        search: { language: article.translation.language },
      });
    },
  });
  if (!canWrite) return null;
  return (
    <span className="ml-auto flex items-center gap-2">
      {create.isError && (
        <span role="alert" className="text-sm text-red-800">
          {create.error.message}
        </span>
      )}
      <Button size="sm" onClick={() => create.mutate()} disabled={create.isPending}>
        {create.isPending ? t.drafting : t.draftFromTicket}
      </Button>
    </span>
  );
}
