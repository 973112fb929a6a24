import { Alert } from '@rapport/ui/Alert.tsx';
import type { NewAttachment } from '@server/modules/tickets/schema.ts';
import { type DragEvent, useId, useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatFileSize } from '../../lib/format.ts';

const t = messages.attachments;

// The API's limits (src/modules/tickets/message-content.ts and schema.ts): 10 MB a file, 20 files a
// message, and a 20 MB request body, which base64 (4/3) leaves about 14 MB of files.
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 20;
export const MAX_TOTAL_BYTES = 14 * 1024 * 1024;

interface Picked {
  key: number;
  file: File;
}

/** Reads a file as base64 (without the data: URL prefix). */
export const toBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(t.unreadable(file.name)));
    reader.readAsDataURL(file);
  });

/** The files chosen for the next message, checked against the API's limits as they are added. */
export function useAttachments() {
  const [picked, setPicked] = useState<Picked[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [isDragging, setDragging] = useState(false);
  const [isReading, setReading] = useState(false);
  const nextKey = useRef(0);

  function add(files: Iterable<File>) {
    const problems: string[] = [];
    const next = [...picked];
    let total = next.reduce((sum, p) => sum + p.file.size, 0);
    for (const file of files) {
      if (file.size > MAX_FILE_BYTES) {
        problems.push(t.tooLarge(file.name, formatFileSize(file.size), formatFileSize(MAX_FILE_BYTES)));
      } else if (next.length >= MAX_FILES) {
        problems.push(t.tooMany(MAX_FILES));
        break;
      } else if (total + file.size > MAX_TOTAL_BYTES) {
        problems.push(t.totalTooLarge(formatFileSize(MAX_TOTAL_BYTES)));
      } else {
        next.push({ key: nextKey.current++, file });
        total += file.size;
      }
    }
    setPicked(next);
    setProblem(problems.length ? [...new Set(problems)].join(' ') : null);
  }

  const dropProps = {
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      if (!event.dataTransfer.files.length) return;
      event.preventDefault();
      setDragging(false);
      add(event.dataTransfer.files);
    },
  };

  return {
    files: picked,
    problem,
    isDragging,
    dropProps,
    add,
    remove: (key: number) => {
      setPicked((current) => current.filter((p) => p.key !== key));
      setProblem(null);
    },
    clear: () => {
      setPicked([]);
      setProblem(null);
    },
    isReading,
    /** The files as the API takes them; null (and the problem shown) when one cannot be read. */
    encode: async (): Promise<NewAttachment[] | null> => {
      if (!picked.length) return [];
      setReading(true);
      try {
        return await Promise.all(
          picked.map(async ({ file }) => ({
            filename: file.name,
            contentType: /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream',
            contentBase64: await toBase64(file),
          })),
        );
      } catch (error) {
        setProblem((error as Error).message);
        return null;
      } finally {
        setReading(false);
      }
    },
  };
}

export type Attachments = ReturnType<typeof useAttachments>;

/** A paper clip (drawn, since headless and minimal systems often lack an emoji font). */
export function PaperclipIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="size-4 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    >
      <path d="M21 11.5 12.5 20a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15.5 7.5" />
    </svg>
  );
}

/** "Attach files" (a real file input, so keyboard and screen readers work), the chosen files and the limit messages. */
export function AttachmentPicker({ attachments, disabled }: { attachments: Attachments; disabled?: boolean }) {
  const inputId = useId();
  return (
    <div className="mt-2 space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <input
          id={inputId}
          type="file"
          multiple
          disabled={disabled}
          className="peer sr-only"
          onChange={(event) => {
            if (event.target.files) attachments.add(event.target.files);
            event.target.value = ''; // the same file may be chosen again after removing it
          }}
        />
        <label
          htmlFor={inputId}
          className="inline-flex cursor-pointer items-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-700 peer-disabled:cursor-not-allowed peer-disabled:text-slate-400"
        >
          <PaperclipIcon />
          {t.attach}
        </label>
        <span>{attachments.isDragging ? t.dropHere : t.dropHint}</span>
      </div>
      {attachments.files.length > 0 && (
        <ul aria-label={t.listLabel} className="flex flex-wrap gap-2">
          {attachments.files.map(({ key, file }) => (
            <li
              key={key}
              data-attachment={file.name}
              className="inline-flex max-w-full items-center gap-1 rounded border border-slate-300 bg-slate-50 py-0.5 pr-0.5 pl-2 text-xs"
            >
              <span className="truncate text-slate-900">{file.name}</span>
              <span className="shrink-0 text-slate-600">({formatFileSize(file.size)})</span>
              <button
                type="button"
                onClick={() => attachments.remove(key)}
                aria-label={t.remove(file.name)}
                disabled={disabled}
                className="rounded px-1.5 py-0.5 text-slate-700 hover:bg-slate-200 hover:text-red-800"
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {attachments.problem && <Alert tone="warning">{attachments.problem}</Alert>}
    </div>
  );
}
