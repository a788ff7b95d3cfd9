/**
 * Reuse of GPU buffers by power-of-two size class.
 *
 * Creating a GPUBuffer is slow compared with a kernel launch, and a training
 * step frees and re-allocates the same intermediate sizes every iteration. So
 * a freed buffer is parked here, keyed by its size class (the next power of
 * two of its byte length), and handed to the next allocation of that class.
 *
 * Reuse inside one command batch is safe for kernels: commands run in the
 * order they were recorded, so a kernel writing the recycled buffer runs after
 * every earlier kernel that read it. `queue.writeBuffer` (uploads) is
 * different: it runs at once on the queue, before the batch still being
 * recorded. Each parked buffer therefore remembers the batch that last used it,
 * and `acquire(..., { cleanAfter })` only hands out buffers whose last use has
 * been submitted.
 */

/** Smallest buffer handed out; keeps tiny tensors in one class. */
const MIN_CLASS_BYTES = 16;

export function sizeClassBytes(bytes: number, maxBufferSize: number): number {
  let size = MIN_CLASS_BYTES;
  while (size < bytes) size *= 2;
  // A class bigger than the device allows would make large tensors fail that
  // fit as-is: fall back to the exact (4-byte aligned) size for those.
  return size <= maxBufferSize ? size : Math.ceil(bytes / 4) * 4;
}

interface ParkedBuffer {
  readonly buffer: GPUBuffer;
  /** Serial of the last command batch that used it (see CommandRecorder). */
  readonly lastUse: number;
}

export class BufferPool {
  private readonly parked = new Map<number, ParkedBuffer[]>();
  private pooledBytes = 0;
  /** Buffers over the pool's cap, destroyed once the batches using them are submitted. */
  private readonly retiring: ParkedBuffer[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: GPUBufferUsageFlags,
    private readonly maxBufferSize: number,
    /** Bytes to keep parked at most; beyond that, freed buffers are destroyed. */
    private readonly maxPooledBytes: number,
  ) {}

  get bytesPooled(): number {
    return this.pooledBytes;
  }

  /**
   * A buffer of at least `bytes` bytes (its size is the size class). With
   * `cleanAfter`, only a buffer last used in a batch <= cleanAfter qualifies.
   */
  acquire(bytes: number, label: string, cleanAfter?: number): GPUBuffer {
    const size = sizeClassBytes(bytes, this.maxBufferSize);
    const list = this.parked.get(size);
    if (list) {
      for (let i = list.length - 1; i >= 0; i--) {
        const entry = list[i]!;
        if (cleanAfter !== undefined && entry.lastUse > cleanAfter) continue;
        list.splice(i, 1);
        this.pooledBytes -= size;
        entry.buffer.label = label;
        return entry.buffer;
      }
    }
    return this.device.createBuffer({ label, size, usage: this.usage });
  }

  release(buffer: GPUBuffer, lastUse: number): void {
    const entry = { buffer, lastUse };
    if (this.pooledBytes + buffer.size > this.maxPooledBytes) {
      this.retiring.push(entry);
      return;
    }
    buffer.label = `pooled buffer (${buffer.size} B)`;
    const list = this.parked.get(buffer.size);
    if (list) list.push(entry);
    else this.parked.set(buffer.size, [entry]);
    this.pooledBytes += buffer.size;
  }

  /** Called after each submit: destroy retired buffers no pending batch uses. */
  afterSubmit(submittedThrough: number): void {
    for (let i = this.retiring.length - 1; i >= 0; i--) {
      const entry = this.retiring[i]!;
      if (entry.lastUse <= submittedThrough) {
        entry.buffer.destroy();
        this.retiring.splice(i, 1);
      }
    }
  }

  clear(): void {
    for (const list of this.parked.values()) for (const entry of list) entry.buffer.destroy();
    for (const entry of this.retiring) entry.buffer.destroy();
    this.parked.clear();
    this.retiring.length = 0;
    this.pooledBytes = 0;
  }
}
