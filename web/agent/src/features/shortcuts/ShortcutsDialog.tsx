import { Dialog } from '@rapport/ui/Dialog.tsx';
import { Kbd } from '@rapport/ui/Kbd.tsx';
import { messages } from '../../i18n/index.ts';

const t = messages.shortcuts;

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title={t.title} onClose={onClose} closeLabel={t.close}>
      <table className="w-full text-sm">
        <caption className="sr-only">{t.title}</caption>
        <tbody>
          {t.list.map(([key, what]) => (
            <tr key={key} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="w-24 py-1.5 pr-4 text-left font-normal">
                <Kbd>{key}</Kbd>
              </th>
              <td className="py-1.5 text-slate-800">{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
