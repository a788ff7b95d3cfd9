/**
 * WGSL for the MandelbrotPipelines demo: one escape-count function, used
 * twice — by a render pipeline (a full-screen triangle whose fragment shader
 * colours each pixel and also writes its count to an r32uint target, so the
 * two images can be compared) and by a compute kernel that writes counts to
 * a storage buffer. The palette matches paletteRgb in view.ts.
 */

const COMMON = /* wgsl */ `
struct View {
  width: u32,
  height: u32,
  x0: f32,
  y0: f32,
  scale: f32,
  maxIter: u32,
}

@group(0) @binding(0) var<uniform> view: View;

// The first n with |z_n|^2 > 4, or maxIter: the same definition as the exercise.
fn escapeCount(c: vec2f) -> u32 {
  var z = vec2f(0.0, 0.0);
  var n = 0u;
  while (n < view.maxIter) {
    if (dot(z, z) > 4.0) {
      break;
    }
    z = vec2f(z.x * z.x - z.y * z.y + c.x, 2.0 * z.x * z.y + c.y);
    n = n + 1u;
  }
  return n;
}

fn pointOf(pixel: vec2u) -> vec2f {
  return vec2f(view.x0, view.y0) + vec2f(pixel) * view.scale;
}
`;

export const RENDER_SHADER = /* wgsl */ `${COMMON}
@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  // Vertices 0, 1, 2 at (-1, -1), (3, -1), (-1, 3): one triangle covering the whole target.
  let corner = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  return vec4f(corner * 2.0 - 1.0, 0.0, 1.0);
}

fn palette(n: u32) -> vec3f {
  if (n >= view.maxIter) {
    return vec3f(0.0, 0.0, 0.0);
  }
  let t = sqrt(f32(n) / f32(view.maxIter));
  let u = 1.0 - t;
  let rgb = vec3f(9.0 * u * t * t * t + 0.1 * t, 15.0 * u * u * t * t, 8.5 * u * u * u * t + 0.08 * t);
  return clamp(rgb, vec3f(0.0), vec3f(1.0));
}

struct Fragment {
  @location(0) colour: vec4f,
  @location(1) count: u32,
}

@fragment
fn fs(@builtin(position) position: vec4f) -> Fragment {
  // position.xy is the pixel's centre, (x + 0.5, y + 0.5), y downwards.
  let n = escapeCount(pointOf(vec2u(floor(position.xy))));
  return Fragment(vec4f(palette(n), 1.0), n);
}
`;

export const COMPUTE_SHADER = /* wgsl */ `${COMMON}
@group(0) @binding(1) var<storage, read_write> counts: array<u32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= view.width || id.y >= view.height) {
    return;
  }
  counts[id.y * view.width + id.x] = escapeCount(pointOf(id.xy));
}
`;
