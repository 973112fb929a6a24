import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { Fragment, type ReactNode, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';

/** `data-*` attributes, the handles the browser tests find rows and cells by. */
type DataAttributes = Record<`data-${string}`, string>;

export interface AdminColumn<Row> {
  header: string;
  cell: (row: Row, index: number) => ReactNode;
  /** The column that names the row: its cells are `<th scope="row">`. */
  isRowHeader?: boolean;
  /** Classes added to the cell's padding. */
  className?: string;
  cellAttributes?: DataAttributes;
}

/** Closes the open form; a message, such as "“Plan” was deleted.", is announced above the list. */
export type CloseForm = (notice?: string) => void;

interface AdminListProps<Row> {
  title: string;
  /** One paragraph each. */
  intro: string | string[];
  /** Undefined while loading. */
  rows: Row[] | undefined;
  isPending: boolean;
  error: Error | null;
  emptyText: string;
  rowKey: (row: Row) => string;
  rowAttributes: (row: Row) => DataAttributes;
  columns: AdminColumn<Row>[];
  /** The hidden name of the column holding the Edit buttons. */
  actionsLabel: string;
  /** The Edit button's accessible name, e.g. "Edit support@example.com" (needed with renderEditor). */
  editLabel?: (row: Row) => string;
  /** The form that opens under a row; without it the list is read-only: no Edit buttons, no actions column. */
  renderEditor?: (row: Row, close: CloseForm) => ReactNode;
  /** The Add button's label and the form it opens; without it there is no Add button. */
  adding?: { label: string; renderForm: (close: CloseForm) => ReactNode };
  /** Shown between the new-item form and the list, such as a filter. */
  children?: ReactNode;
  /** Shown under the list, such as a button that loads more rows. */
  footer?: ReactNode;
}

const NEW = Symbol('new');

/**
 * An admin screen's list: a titled section with an Add button, a table with an Edit button per row
 * that opens the row's form inline under it (one form at a time), and a polite notice of what a
 * form did last (e.g. archived a row).
 */
export function AdminList<Row>({
  title,
  intro,
  rows,
  isPending,
  error,
  emptyText,
  rowKey,
  rowAttributes,
  columns,
  actionsLabel,
  editLabel,
  renderEditor,
  adding,
  children,
  footer,
}: AdminListProps<Row>) {
  const [editing, setEditing] = useState<string | typeof NEW | null>(null);
  const [notice, setNotice] = useState('');
  const headingId = useId();
  const close: CloseForm = (message) => {
    setEditing(null);
    if (message) setNotice(message);
  };
  const toggle = (key: string | typeof NEW) => {
    setNotice('');
    setEditing(editing === key ? null : key);
  };

  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {[intro].flat().map((paragraph) => (
            <p key={paragraph} className="max-w-3xl text-sm text-slate-600">
              {paragraph}
            </p>
          ))}
        </div>
        {adding && (
          <Button aria-expanded={editing === NEW} onClick={() => toggle(NEW)} className="shrink-0">
            {adding.label}
          </Button>
        )}
      </div>
      <p role="status" className="text-sm text-green-800 empty:hidden">
        {notice}
      </p>
      {adding && editing === NEW && <div className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">{adding.renderForm(close)}</div>}
      {children}
      {isPending && <Spinner label={messages.app.loading} />}
      {error && <Alert>{error.message}</Alert>}
      {rows?.length === 0 && <p className="text-sm text-slate-600">{emptyText}</p>}
      {rows && rows.length > 0 && (
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs text-slate-600">
            <tr>
              {columns.map((column) => (
                <th key={column.header} scope="col" className="py-2 pr-2 font-semibold">
                  {column.header}
                </th>
              ))}
              {renderEditor && (
                <th scope="col" className="py-2 font-semibold">
                  <span className="sr-only">{actionsLabel}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const key = rowKey(row);
              return (
                <Fragment key={key}>
                  <tr className="border-b border-slate-100 align-top" {...rowAttributes(row)}>
                    {columns.map(({ header, cell, isRowHeader, className, cellAttributes }) =>
                      isRowHeader ? (
                        <th key={header} scope="row" className={cn('py-2 pr-2 font-medium text-slate-900', className)} {...cellAttributes}>
                          {cell(row, index)}
                        </th>
                      ) : (
                        <td key={header} className={cn('py-2 pr-2', className)} {...cellAttributes}>
                          {cell(row, index)}
                        </td>
                      ),
                    )}
                    {renderEditor && (
                      <td className="py-2 text-right">
                        <Button size="sm" aria-label={editLabel?.(row)} aria-expanded={editing === key} onClick={() => toggle(key)}>
                          {messages.admin.edit}
                        </Button>
                      </td>
                    )}
                  </tr>
                  {renderEditor && editing === key && (
                    <tr className="border-b border-slate-200 bg-slate-50">
                      <td colSpan={columns.length + 1} className="p-3">
                        {renderEditor(row, close)}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {footer}
    </section>
  );
}
