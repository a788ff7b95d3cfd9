// Generator of random terminating WGSL for the loop guard's differential test
// (loop-guard.gpu.test.ts): the same program must give the same output with
// and without the guard.
import type { Rng } from '../../../src/grader/random';

/**
 * A terminating WGSL function `<prefix>main(id) -> u32` with loops nested up to three deep. Every loop is
 * bounded by its own counter, which no `continue` can skip, so the plain
 * program always ends and its output is a fixed function of the invocation id.
 */
export function randomProgram(rng: Rng, prefix: string): string {
  let nextName = 0;
  const fresh = (stem: string): string => `${stem}${nextName++}`;
  const pick = <T,>(items: readonly T[]): T => items[rng.int(0, items.length - 1)]!;
  const helpers: string[] = [];

  type Context = { depth: number; inLoop: boolean; inSwitch: boolean; vars: string[]; callable: string[]; indent: string };
  const bound = (context: Context): string => pick(['0u', '1u', '3u', '4u', `(acc % 5u)`, `(${pick(context.vars.length ? context.vars : ['acc'])} % 4u)`]);
  const value = (context: Context): string => pick([...context.vars, 'acc', `${rng.int(0, 1000)}u`]);

  const statements = (context: Context, count: number): string =>
    Array.from({ length: count }, () => statement(context)).join('\n');

  const statement = (context: Context): string => {
    const i = context.indent;
    const inner = (extra: Partial<Context>): Context => ({ ...context, indent: `${i}  `, ...extra });
    const choices: Array<() => string> = [
      () => `${i}acc = acc * 1664525u + 1013904223u + ${value(context)};`,
      () => `${i}acc = (acc >> 3u) ^ (acc << 5u) ^ ${value(context)};`,
    ];
    if (context.depth < 3) {
      const deeper = { depth: context.depth + 1 };
      choices.push(
        () => `${i}if ((acc >> 4u) % 3u == 0u) {\n${statements(inner(deeper), rng.int(1, 2))}\n${i}} else {\n${statements(inner(deeper), 1)}\n${i}}`,
        () =>
          `${i}switch (acc % 3u) {\n${i}  case 0u: {\n${statements(inner({ ...deeper, inSwitch: true, indent: `${i}    ` }), 1)}\n${i}    if (acc % 2u == 0u) { break; }\n${i}    acc += 5u;\n${i}  }\n${i}  case 1u, 2u: { acc ^= 77u; }\n${i}  default: { }\n${i}}`,
      );
    }
    if (context.callable.length > 0) choices.push(() => `${i}acc += ${pick(context.callable)}(acc);`);
    if (context.inLoop && !context.inSwitch) choices.push(() => `${i}if (acc % 5u == 2u) { continue; }`);
    if (context.inLoop) choices.push(() => `${i}if (acc % 7u == 3u) { break; }`);
    if (context.depth < 3) {
      const body = (name: string): Context => inner({ depth: context.depth + 1, inLoop: true, inSwitch: false, vars: [...context.vars, name] });
      choices.push(
        () => {
          const v = fresh('i');
          return `${i}for (var ${v} = 0u; ${v} < ${bound(context)}; ${v}++) {\n${statements(body(v), rng.int(1, 2))}\n${i}}`;
        },
        () => {
          const v = fresh('w');
          return `${i}var ${v} = 0u;\n${i}while (${v} < ${bound(context)}) {\n${i}  ${v}++;\n${statements(body(v), rng.int(1, 2))}\n${i}}`;
        },
        () => {
          const v = fresh('l');
          const limit = bound(context);
          return `${i}var ${v} = 0u;\n${i}loop {\n${i}  if (${v} >= ${limit}) { break; }\n${statements(body(v), rng.int(1, 2))}\n${i}  continuing {\n${i}    ${v}++;\n${i}    break if ${v} > 6u;\n${i}  }\n${i}}`;
        },
      );
    }
    return pick(choices)();
  };

  // Helpers: one whose loop ends only by `return` (guarded with `return u32()`), and generated ones.
  helpers.push(`fn ${prefix}settle(x: u32) -> u32 {
  var k = 0u;
  loop {
    k++;
    if (k > x % 5u) { return k * 7u + x; }
  }
}`);
  const callable = [`${prefix}settle`];
  for (let h = 0; h < 2; h++) {
    const name = `${prefix}helper${h}`;
    const context: Context = { depth: 1, inLoop: false, inSwitch: false, vars: ['x'], callable: [...callable], indent: '  ' };
    helpers.push(`fn ${name}(x: u32) -> u32 {\n  var acc = x;\n${statements(context, rng.int(1, 2))}\n  return acc;\n}`);
    callable.push(name);
  }
  const mainContext: Context = { depth: 0, inLoop: false, inSwitch: false, vars: [], callable, indent: '  ' };
  return `${helpers.join('\n')}
fn ${prefix}main(id: u32) -> u32 {
  var acc: u32 = id * 0x9e3779b1u;
${statements(mainContext, rng.int(2, 4))}
  return acc;
}`;
}
