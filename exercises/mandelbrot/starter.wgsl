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
  // x runs along a row (the real axis), y down the rows (the imaginary axis).
  let x = id.x;
  let y = id.y;
  // TODO: if (x, y) is inside the image:
  //   1. work out the point c of the plane that pixel (x, y) stands for;
  //   2. iterate z <- z * z + c from z = 0, counting updates, until |z|² > 4
  //      or the count reaches view.maxIter;
  //   3. write the count to out[y * view.width + x].
}
