import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The project files (relative, with forward slashes) that `file` imports, statically or dynamically. */
function localImportsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1]);
  return specifiers.map((specifier) => relative(root, resolve(root, dirname(file), specifier)).replaceAll('\\', '/'));
}

const sourceFilesUnder = (folder: string) =>
  readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${folder}/${name.replaceAll('\\', '/')}`);

/** The imports among `files` that reach into `forbidden`, as "file → import". */
const importsInto = (files: string[], forbidden: string) =>
  files.flatMap((file) =>
    localImportsOf(file)
      .filter((target) => target.startsWith(forbidden))
      .map((target) => `${file} → ${target}`),
  );

describe('architecture', () => {
  it('domain modules do not import the app assembly (src/server/): only the entry points do', () => {
    expect(importsInto(sourceFilesUnder('src/modules'), 'src/server/')).toEqual([]);
  });

  it('migrations do not import domain modules: a migration stays as it was written', () => {
    expect(importsInto(sourceFilesUnder('src/db/migrations'), 'src/modules/')).toEqual([]);
  });
});
