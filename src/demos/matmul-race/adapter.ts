/**
 * What the MatmulRace tells the learner about their WebGPU adapter: a name
 * to show, and whether it is a software (CPU) implementation such as
 * SwiftShader, whose timings say nothing about a real GPU.
 */

export interface AdapterSummary {
  readonly name: string;
  readonly software: boolean;
}

/** Fields of GPUAdapterInfo the summary reads (all optional: browsers may blank them for privacy). */
export interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

export function summarizeAdapter(info: AdapterInfoLike | undefined, isFallbackAdapter = false): AdapterSummary {
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description]
    .map((s) => (s ?? '').trim())
    .filter((s, i, all) => s !== '' && all.indexOf(s) === i);
  const name = parts.length ? parts.join(' ') : 'an unnamed adapter (the browser hides its details)';
  const software = isFallbackAdapter || info?.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|warp|software/i.test(parts.join(' '));
  return { name, software };
}
