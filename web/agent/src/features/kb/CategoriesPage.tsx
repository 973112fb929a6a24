import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { TextField } from '@rapport/ui/Field.tsx';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { QueryState } from '../contacts/parts.tsx';
import type { Category } from './api.ts';
import { useCategories, useCategoryMutations } from './use-kb.ts';
import { useIsKbManager } from './ticket-articles.ts';

const t = messages.kb.categories;

/** Categories and their sections, in the order the portal shows them; supervisors and admins change them. */
export function CategoriesPage() {
  const categories = useCategories();
  const isManager = useIsKbManager();
  const mutations = useCategoryMutations();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [notice, setNotice] = useState('');
  const error = Object.values(mutations).find((mutation) => mutation.error)?.error ?? null;

  function handleAdd(event: FormEvent) {
    event.preventDefault();
    setNotice('');
    mutations.createCategory.mutate(
      { name: name.trim(), description: description.trim() },
      {
        onSuccess: (category) => {
          setNotice(t.added(category.name));
          setName('');
          setDescription('');
        },
      },
    );
  }

  return (
    <div className="h-full overflow-y-auto bg-slate-50">
      <div className="mx-auto max-w-4xl space-y-4 p-4">
        <div>
          <Link to="/kb" className="text-xs text-blue-800 hover:underline">
            ← {messages.kb.article.back}
          </Link>
          <h1 className="mt-1 text-lg font-semibold text-slate-900">{t.title}</h1>
          <p className="text-sm text-slate-700">{isManager ? t.intro : t.readOnly}</p>
        </div>
        {error && <Alert>{error.message}</Alert>}
        <p role="status" className="text-sm text-green-800 empty:hidden">
          {notice}
        </p>
        {isManager && (
          <form
            onSubmit={handleAdd}
            aria-label={t.add}
            className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
          >
            <TextField label={t.name} value={name} maxLength={120} onChange={(event) => setName(event.target.value)} />
            <TextField
              label={t.description}
              value={description}
              maxLength={2000}
              onChange={(event) => setDescription(event.target.value)}
              className="min-w-64 flex-1"
            />
            <Button type="submit" disabled={!name.trim() || mutations.createCategory.isPending}>
              {t.add}
            </Button>
          </form>
        )}
        <QueryState query={categories}>
          {() =>
            categories.data?.length ? (
              <ul className="space-y-3">
                {categories.data.map((category) => (
                  <CategoryItem key={category.id} category={category} isManager={isManager} mutations={mutations} onNotice={setNotice} />
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-700">{t.none}</p>
            )
          }
        </QueryState>
      </div>
    </div>
  );
}

function CategoryItem({
  category,
  isManager,
  mutations,
  onNotice,
}: {
  category: Category;
  isManager: boolean;
  mutations: ReturnType<typeof useCategoryMutations>;
  onNotice: (notice: string) => void;
}) {
  const [section, setSection] = useState('');

  function handleAddSection(event: FormEvent) {
    event.preventDefault();
    mutations.createSection.mutate(
      { categoryId: category.id, name: section.trim() },
      {
        onSuccess: (created) => {
          onNotice(t.sectionAdded(created.name, category.name));
          setSection('');
        },
      },
    );
  }

  return (
    <li className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-category={category.name}>
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold text-slate-900">{category.name}</h2>
          {category.description && <p className="text-sm text-slate-700">{category.description}</p>}
        </div>
        {isManager && (
          <div className="flex gap-1">
            <RenameButton
              label={t.renameLabel(category.name)}
              current={category.name}
              onRename={(name) => mutations.updateCategory.mutate({ id: category.id, name })}
            />
            <Button
              size="sm"
              variant="ghost"
              aria-label={t.deleteLabel(category.name)}
              onClick={() =>
                window.confirm(t.confirmDelete(category.name)) &&
                mutations.deleteCategory.mutate(category.id, { onSuccess: () => onNotice(t.deleted(category.name)) })
              }
            >
              {t.delete}
            </Button>
          </div>
        )}
      </div>
      <ul className="mt-2 space-y-1 pl-4 text-sm">
        {category.sections.map((item) => (
          <li key={item.id} className="flex items-center justify-between gap-2" data-section={item.name}>
            <span>{item.name}</span>
            {isManager && (
              <span className="flex gap-1">
                <RenameButton
                  label={t.renameLabel(item.name)}
                  current={item.name}
                  onRename={(name) => mutations.updateSection.mutate({ id: item.id, name })}
                />
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t.deleteLabel(item.name)}
                  onClick={() => mutations.deleteSection.mutate(item.id, { onSuccess: () => onNotice(t.deleted(item.name)) })}
                >
                  {t.delete}
                </Button>
              </span>
            )}
          </li>
        ))}
        {category.sections.length === 0 && <li className="text-slate-600">{t.noSections}</li>}
      </ul>
      {isManager && (
        <form onSubmit={handleAddSection} aria-label={t.addSectionTo(category.name)} className="mt-3 flex items-end gap-2 pl-4">
          <TextField label={t.sectionName} value={section} maxLength={120} onChange={(event) => setSection(event.target.value)} />
          <Button type="submit" size="sm" disabled={!section.trim() || mutations.createSection.isPending}>
            {t.addSection}
          </Button>
        </form>
      )}
    </li>
  );
}

/** Rename in place: the button turns into a field, Enter saves, Escape leaves it. */
function RenameButton({ label, current, onRename }: { label: string; current: string; onRename: (name: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(current);
  if (!editing)
    return (
      <Button
        size="sm"
        variant="ghost"
        aria-label={label}
        onClick={() => {
          setName(current);
          setEditing(true);
        }}
      >
        {t.rename}
      </Button>
    );
  return (
    <span className="flex items-center gap-1">
      <input
        aria-label={label}
        value={name}
        // biome-ignore lint/a11y/noAutofocus: the field opens because the user asked to rename
        autoFocus
        maxLength={120}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setEditing(false);
          if (event.key === 'Enter') {
            event.preventDefault();
            if (name.trim() && name.trim() !== current) onRename(name.trim());
            setEditing(false);
          }
        }}
        className="w-40 rounded border border-slate-300 px-2 py-0.5 text-sm"
      />
      <Button
        size="sm"
        onClick={() => {
          if (name.trim() && name.trim() !== current) onRename(name.trim());
          setEditing(false);
        }}
      >
        {t.saveName}
      </Button>
    </span>
  );
}
