/**
 * Loads the Monaco editor on demand, with its web workers wired through Vite.
 *
 * Only the exercise island imports this module, and only when an exercise
 * nears the viewport: Monaco is about a megabyte of JavaScript plus CSS, and a
 * text-only lesson must ship none of it.
 */
import type * as Monaco from 'monaco-editor';

type MonacoModule = typeof Monaco;

let loading: Promise<MonacoModule> | undefined;

export function loadMonaco(): Promise<MonacoModule> {
  loading ??= (async () => {
    const [monaco, { default: EditorWorker }, { default: TsWorker }] = await Promise.all([
      import('monaco-editor'),
      import('monaco-editor/editor/editor.worker?worker'),
      import('monaco-editor/languages/features/typescript/ts.worker?worker'),
    ]);
    // Monaco asks for a worker by label; TypeScript gets the language-service worker.
    (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
      getWorker(_workerId: string, label: string): Worker {
        return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
      },
    };
    return monaco;
  })();
  return loading;
}
