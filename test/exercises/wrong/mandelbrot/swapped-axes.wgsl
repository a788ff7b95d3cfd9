// Wrong: swaps the axes: the row moves the real part and the column the imaginary part.
struct View {
  width: u32,    // pixels per row
  height: u32,   // rows
  x0: f32,       // real part of c at pixel column 0
  y0: f32,       // imaginary part of c at pixel row 0
  scale: f32,    // step in the complex plane from one pixel to the next
  maxIter: u32,  // iteration limit
}

@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<uniform> view: View;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let x = id.x;
  let y = id.y;
  if (x >= view.width || y >= view.height) {
    return;
  }
  let c = vec2f(view.x0 + f32(y) * view.scale, view.y0 + f32(x) * view.scale);
  var z = vec2f(0.0, 0.0);
  var n = 0u;
  while (n < view.maxIter) {
    if (dot(z, z) > 4.0) {
      break;
    }
    z = vec2f(z.x * z.x - z.y * z.y + c.x, 2.0 * z.x * z.y + c.y);
    n = n + 1u;
  }
  out[y * view.width + x] = n;
}
