/// <reference types="astro/client" />

declare module 'virtual:engine-types' {
  /** The engine's declaration files, by path relative to src/engine (e.g. "index.d.ts"). */
  const declarations: Record<string, string>;
  export default declarations;
}
