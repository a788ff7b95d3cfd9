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
  // The grid is rounded up to whole 8 × 8 tiles: spare invocations on the
  // right and at the bottom have no pixel. Without this, a spare column's
  // index y * width + x lands on the next row's pixels.
  if (x >= view.width || y >= view.height) {
    return;
  }
  // Pixel (x, y) stands for one point c of the plane: column x moves the real
  // part, row y the imaginary part, both by `scale` per pixel.
  let c = vec2f(view.x0 + f32(x) * view.scale, view.y0 + f32(y) * view.scale);
  var z = vec2f(0.0, 0.0);
  var n = 0u;
  // n counts the updates so far, so when |z_n|² > 4 first holds, n is the
  // escape count. Testing before updating also means a point that never
  // escapes stops at exactly maxIter updates.
  while (n < view.maxIter) {
    // |z|² compared with 4 is |z| compared with 2, without a square root.
    if (dot(z, z) > 4.0) {
      break;
    }
    // (a + bi)² = a² − b² + 2abi, then + c.
    z = vec2f(z.x * z.x - z.y * z.y + c.x, 2.0 * z.x * z.y + c.y);
    n = n + 1u;
  }
  out[y * view.width + x] = n;
}
