// Types for the ES-module build of wgsl_reflect. The package's `main` entry is a
// CommonJS file inside a `"type": "module"` package, which plain Node (and
// vitest's Node runner) cannot load; the `.module.js` build loads everywhere,
// so the simulator imports it by path and borrows the package's own typings.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
