/**
 * Batches GPU work: many kernel launches per queue submit.
 *
 * Every primitive records a dispatch into one open GPUCommandEncoder (inside
 * one open compute pass) instead of submitting on its own; the batch goes to
 * the GPU when someone needs a result (`read` calls `flush`) or when it holds
 * `maxDispatchesPerBatch` dispatches, so long chains of small ops pay the
 * submit cost once.
 *
 * Uniforms: each dispatch gets its own 256-byte-aligned slot in a per-batch
 * uniform arena (64 KiB chunks). The slots are filled on the CPU while the
 * batch is recorded and written with one `queue.writeBuffer` per chunk just
 * before the submit, so no dispatch's uniforms are overwritten before the
 * submit that reads them; a chunk returns to the free list only after the
 * batch that used it has been submitted.
 *
 * Custom kernels (runWgsl) whose compilation result is not known yet make
 * their batch "held": it is finished but only submitted once the compilation
 * checks resolve. If a check reports errors the held batches are dropped and
 * the flush that covers them rejects with the compiler's messages.
 */

export interface DispatchSpec {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly buffers: readonly { binding: number; buffer: GPUBuffer; size: number }[];
  readonly uniform?: { binding: number; words: Uint32Array };
  readonly workgroups: readonly [number, number, number];
  /** Resolves to an error message if this dispatch's pipeline turned out invalid. */
  readonly check?: Promise<string | null>;
}

interface UniformChunk {
  readonly buffer: GPUBuffer;
  readonly mirror: Uint8Array<ArrayBuffer>;
  used: number;
}

interface HeldBatch {
  readonly serial: number;
  readonly commandBuffer: GPUCommandBuffer;
  readonly chunks: UniformChunk[];
  readonly checks: Promise<string | null>[];
}

const CHUNK_BYTES = 64 * 1024;

export interface RecorderStats {
  submits: number;
  dispatches: number;
  batchesHeld: number;
}

export class CommandRecorder {
  /** Serial of the batch being recorded; buffers remember the serial of their last use. */
  serial = 1;
  /** Highest serial that has been submitted (or dropped): buffers used up to it are safe to upload into. */
  submittedThrough = 0;
  readonly stats: RecorderStats = { submits: 0, dispatches: 0, batchesHeld: 0 };

  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatchesInBatch = 0;
  private chunksInBatch: UniformChunk[] = [];
  private checksInBatch: Promise<string | null>[] = [];
  private readonly freeChunks: UniformChunk[] = [];
  private readonly held: HeldBatch[] = [];
  private draining: Promise<void> = Promise.resolve();
  private readonly dropped = new Map<number, Error>();
  private chunkCount = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxDispatchesPerBatch: number,
    private readonly onSubmitted: (submittedThrough: number) => void,
  ) {}

  private openEncoder(): GPUCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder({ label: `engine batch #${this.serial}` });
    return this.encoder;
  }

  private openPass(): GPUComputePassEncoder {
    this.pass ??= this.openEncoder().beginComputePass({ label: `engine batch #${this.serial} compute` });
    return this.pass;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  private uniformSlot(words: Uint32Array): { buffer: GPUBuffer; offset: number; size: number } {
    const align = this.device.limits.minUniformBufferOffsetAlignment;
    // Bind whole 16-byte rows (zero-padded): a uniform struct's size is a
    // multiple of 16 in WGSL, and a binding shorter than it fails validation.
    const bytes = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
    let chunk = this.chunksInBatch[this.chunksInBatch.length - 1];
    if (!chunk || chunk.used + bytes > chunk.mirror.byteLength) {
      const size = Math.max(CHUNK_BYTES, Math.ceil(bytes / align) * align);
      chunk = size === CHUNK_BYTES ? this.freeChunks.pop() : undefined;
      chunk ??= {
        buffer: this.device.createBuffer({
          label: `uniform arena chunk #${++this.chunkCount}`,
          size,
          usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        }),
        mirror: new Uint8Array(size),
        used: 0,
      };
      chunk.used = 0;
      this.chunksInBatch.push(chunk);
    }
    const offset = chunk.used;
    chunk.mirror.fill(0, offset, offset + bytes);
    chunk.mirror.set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength), offset);
    chunk.used = Math.ceil((offset + bytes) / align) * align;
    return { buffer: chunk.buffer, offset, size: bytes };
  }

  dispatch(spec: DispatchSpec): void {
    const entries: GPUBindGroupEntry[] = spec.buffers.map(({ binding, buffer, size }) => ({
      binding,
      resource: { buffer, offset: 0, size },
    }));
    if (spec.uniform) entries.push({ binding: spec.uniform.binding, resource: this.uniformSlot(spec.uniform.words) });
    const bindGroup = this.device.createBindGroup({ label: spec.label, layout: spec.layout, entries });
    const pass = this.openPass();
    pass.setPipeline(spec.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(spec.workgroups[0], spec.workgroups[1], spec.workgroups[2]);
    if (spec.check) this.checksInBatch.push(spec.check);
    this.stats.dispatches++;
    if (++this.dispatchesInBatch >= this.maxDispatchesPerBatch) this.flushSync();
  }

  copy(source: GPUBuffer, destination: GPUBuffer, bytes: number): void {
    this.endPass();
    this.openEncoder().copyBufferToBuffer(source, 0, destination, 0, bytes);
  }

  /** Close the open batch and submit it, or hold it if a custom kernel is still being checked. */
  flushSync(): number {
    const serial = this.serial;
    if (!this.encoder) return serial - 1;
    this.endPass();
    for (const chunk of this.chunksInBatch) {
      this.device.queue.writeBuffer(chunk.buffer, 0, chunk.mirror, 0, chunk.used);
    }
    const checks = this.checksInBatch;
    // An invalid custom pipeline makes finish() report a validation error;
    // the check's own message is the one worth showing, so swallow this one.
    if (checks.length > 0) this.device.pushErrorScope('validation');
    const commandBuffer = this.encoder.finish({ label: `engine batch #${serial}` });
    if (checks.length > 0) void this.device.popErrorScope();
    const batch: HeldBatch = { serial, commandBuffer, chunks: this.chunksInBatch, checks };
    this.encoder = null;
    this.chunksInBatch = [];
    this.checksInBatch = [];
    this.dispatchesInBatch = 0;
    this.serial++;
    if (checks.length > 0 || this.held.length > 0) {
      this.held.push(batch);
      this.stats.batchesHeld++;
    } else {
      this.submit([batch]);
    }
    return serial;
  }

  /** Submit everything recorded so far; rejects if a custom kernel in it failed to compile. */
  async flush(): Promise<void> {
    const serial = this.flushSync();
    this.draining = this.draining.then(() => this.drainHeld());
    await this.draining;
    const error = this.dropped.get(serial);
    if (error) {
      this.dropped.delete(serial);
      throw error;
    }
  }

  private submit(batches: HeldBatch[]): void {
    if (batches.length === 0) return;
    this.device.queue.submit(batches.map((b) => b.commandBuffer));
    this.stats.submits++;
    this.retire(batches);
  }

  private retire(batches: HeldBatch[]): void {
    for (const batch of batches) {
      for (const chunk of batch.chunks) if (chunk.mirror.byteLength === CHUNK_BYTES) this.freeChunks.push(chunk);
      this.submittedThrough = Math.max(this.submittedThrough, batch.serial);
    }
    this.onSubmitted(this.submittedThrough);
  }

  private async drainHeld(): Promise<void> {
    while (this.held.length > 0) {
      const first = this.held[0]!;
      const messages = (await Promise.all(first.checks)).filter((m): m is string => m !== null);
      if (messages.length > 0) {
        // Later batches may read what the failed kernel should have written: drop them all.
        const error = new Error(messages.join('\n'));
        const droppedBatches = this.held.splice(0);
        for (const batch of droppedBatches) this.dropped.set(batch.serial, error);
        this.retire(droppedBatches);
        continue;
      }
      // Submit the run of batches that need no further checks in one call.
      let ready = 1;
      while (ready < this.held.length && this.held[ready]!.checks.length === 0) ready++;
      this.submit(this.held.splice(0, ready));
    }
  }

  /** Forget all recorded and held work (device lost or backend destroyed). */
  abandon(): void {
    this.pass = null;
    this.encoder = null;
    this.chunksInBatch = [];
    this.checksInBatch = [];
    this.held.length = 0;
    for (const chunk of this.freeChunks) chunk.buffer.destroy();
    this.freeChunks.length = 0;
  }
}
