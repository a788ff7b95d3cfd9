/**
 * Configures Monaco's TypeScript service for engine exercises: strict checks,
 * and the engine's declarations (generated from src/engine at build time)
 * available as the module 'engine', so learners get completion and errors.
 */
import type * as Monaco from 'monaco-editor';

let configured: Promise<void> | undefined;

export function configureTypeScript(monaco: typeof Monaco): Promise<void> {
  configured ??= (async () => {
    const { default: declarations } = await import('virtual:engine-types');
    const ts = monaco.typescript;
    ts.typescriptDefaults.setCompilerOptions({
      strict: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      allowNonTsExtensions: true,
      noEmit: true,
      lib: ['es2020'],
    });
    ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
    for (const [path, text] of Object.entries(declarations)) {
      ts.typescriptDefaults.addExtraLib(text, `file:///node_modules/engine/${path}`);
    }
    // The learner may import from 'engine' or '@course/engine'.
    ts.typescriptDefaults.addExtraLib("export * from 'engine';", 'file:///node_modules/@course/engine/index.d.ts');
  })();
  return configured;
}
