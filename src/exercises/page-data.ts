/**
 * What a lesson page needs to show an exercise before any JavaScript runs:
 * the validated manifest, the starter and solution text, and the rendered
 * prompt. Read at build time only (Astro components), never in the browser.
 */
import type { MarkdownInstance } from 'astro';
import { loadManifest } from './registry';
import type { ExerciseManifest } from './schema';

const sources = import.meta.glob<string>('../../exercises/*/{starter,solution}.{wgsl,ts}', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const prompts = import.meta.glob<MarkdownInstance<Record<string, unknown>>>('../../exercises/*/*.md', { eager: true });

export interface ExercisePageData {
  readonly manifest: ExerciseManifest;
  readonly language: 'wgsl' | 'typescript';
  readonly starter: string;
  readonly solution: string;
  readonly Prompt: MarkdownInstance<Record<string, unknown>>['Content'];
}

export async function loadExercisePageData(id: string): Promise<ExercisePageData> {
  const manifest = await loadManifest(id);
  const ext = manifest.kind === 'wgsl' ? 'wgsl' : 'ts';
  const read = (name: string): string => {
    const text = sources[`../../exercises/${id}/${name}.${ext}`];
    if (text === undefined) throw new Error(`exercises/${id}/${name}.${ext} is missing`);
    return text;
  };
  const prompt = prompts[`../../exercises/${id}/${manifest.prompt}`];
  if (!prompt) throw new Error(`exercises/${id}/${manifest.prompt} is missing (the manifest's prompt file)`);
  return {
    manifest,
    language: manifest.kind === 'wgsl' ? 'wgsl' : 'typescript',
    starter: read('starter'),
    solution: read('solution'),
    Prompt: prompt.Content,
  };
}
