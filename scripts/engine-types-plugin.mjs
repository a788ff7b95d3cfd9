// Vite plugin: `virtual:engine-types` exports the engine's public API as
// TypeScript declaration files ({ path: text }), generated from src/engine at
// build time with the TypeScript compiler. Monaco loads them so learners get
// completion and type checking against the real engine, never a stale copy.
import ts from 'typescript';
import { resolve, relative } from 'node:path';

const VIRTUAL_ID = 'virtual:engine-types';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export function generateEngineDeclarations(root) {
  const entry = resolve(root, 'src/engine/index.ts');
  const program = ts.createProgram([entry], {
    declaration: true,
    emitDeclarationOnly: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: ['@webgpu/types', 'vite/client'],
    rootDir: resolve(root, 'src/engine'),
    outDir: '/engine-types',
  });
  const files = {};
  const result = program.emit(undefined, (fileName, text) => {
    files[relative('/engine-types', fileName)] = text;
  });
  if (result.emitSkipped || !files['index.d.ts']) {
    const messages = ts.formatDiagnostics(result.diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
    throw new Error(`engine-types: could not emit declarations for src/engine:\n${messages}`);
  }
  return files;
}

export default function engineTypesPlugin() {
  let root = process.cwd();
  return {
    name: 'course-engine-types',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      return `export default ${JSON.stringify(generateEngineDeclarations(root))};`;
    },
  };
}
