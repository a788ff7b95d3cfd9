/**
 * The WebGPU backend's Storage: a GPUBuffer (from the pool, so possibly larger
 * than `size` elements) plus the bookkeeping the backend needs: which device
 * generation it belongs to, whether it was freed, and which command batch last
 * used it (see BufferPool for why that matters).
 */
import type { DType, Storage } from '../../backend';
import { BYTES_PER_ELEMENT } from '../../backend';

export class GpuStorage implements Storage {
  /** Assigned when the device is available; null only while a lost device is being replaced. */
  buffer: GPUBuffer | null = null;
  /** Serial of the last command batch that bound this buffer. */
  lastUse = 0;
  freed = false;

  constructor(
    readonly id: number,
    readonly size: number,
    readonly dtype: DType,
    /** Which device (counted from 0) the buffer lives on. */
    readonly generation: number,
  ) {}

  get byteLength(): number {
    return this.size * BYTES_PER_ELEMENT;
  }

  /**
   * Bytes to bind: the storage's own length, not the pooled buffer's, so a
   * kernel's arrayLength() sees the tensor's size. Bindings must be non-empty
   * and 4-byte aligned, hence the minimum of one word.
   */
  get bindingSize(): number {
    return Math.max(this.byteLength, BYTES_PER_ELEMENT);
  }

  describe(): string {
    return `storage #${this.id} (${this.dtype} x ${this.size})`;
  }
}
