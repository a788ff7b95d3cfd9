/**
 * Finds exercises on disk (exercises/<id>/) through Vite's import.meta.glob,
 * so the site build, the grading worker and the tests all see the same set.
 * Manifests and graders load lazily: a page or worker pays only for the
 * exercises it runs.
 */
import type { Grader } from '../grader/define';
import { parseExerciseManifest, type ExerciseManifest } from './schema';

const manifestModules = import.meta.glob<unknown>('../../exercises/*/exercise.ts', { import: 'default' });
const graderModules = import.meta.glob<Grader>('../../exercises/*/grader.ts', { import: 'default' });

function idFromPath(path: string): string {
  const match = /exercises\/([^/]+)\//.exec(path);
  if (!match) throw new Error(`not an exercise path: ${path}`);
  return match[1]!;
}

const manifestById = new Map(Object.entries(manifestModules).map(([path, load]) => [idFromPath(path), { path, load }]));
const graderById = new Map(Object.entries(graderModules).map(([path, load]) => [idFromPath(path), load]));

/** Ids of every exercise folder that has a manifest, sorted. */
export function exerciseIds(): string[] {
  return [...manifestById.keys()].sort();
}

/** Loads and validates an exercise's manifest; the error names the file and the field. */
export async function loadManifest(id: string): Promise<ExerciseManifest> {
  const entry = manifestById.get(id);
  if (!entry) throw new Error(`No exercise "${id}": expected exercises/${id}/exercise.ts (known: ${exerciseIds().join(', ')})`);
  const manifest = parseExerciseManifest(await entry.load(), `exercises/${id}/exercise.ts`);
  if (manifest.id !== id) throw new Error(`exercises/${id}/exercise.ts: id "${manifest.id}" must equal the folder name "${id}"`);
  return manifest;
}

export async function loadGrader(id: string, kind: ExerciseManifest['kind']): Promise<Grader> {
  const load = graderById.get(id);
  if (!load) throw new Error(`exercises/${id}/grader.ts is missing`);
  const grader = await load();
  if (!grader || grader.kind !== kind) {
    throw new Error(`exercises/${id}/grader.ts must export default a ${kind} grader (defineWgslGrader / defineTsGrader)`);
  }
  return grader;
}
