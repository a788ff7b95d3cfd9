/**
 * Simulated memory and everything observed about it: per-invocation access
 * counts, the access trace, data-race detection and error collection.
 *
 * Memory is a flat array of 32-bit words per variable (storage, uniform and
 * workgroup variables) or per invocation (its function and private variables),
 * viewed as f32/i32/u32. Variables are laid out with WGSL's layout rules, so a
 * storage variable's words are exactly the bytes of the bound buffer.
 *
 * Races: WGSL orders the accesses of two invocations only through barriers
 * (workgroupBarrier for workgroup memory, storageBarrier for storage memory,
 * both within one workgroup) and atomics. Between two barriers every invocation
 * of a workgroup runs in one "phase"; per word we remember the last writer and
 * up to two readers of the current phase (a phase stamp avoids clearing), and a
 * conflicting access from another invocation is a race, whatever order the
 * simulator happened to run them in. Storage words also remember which
 * workgroup touched them, since nothing orders two workgroups of a dispatch.
 */
import type { AccessEvent, InvocationCounts, InvocationIds, RaceError, SimError, Vec3 } from './types.ts';
import type { AddressSpace, WType } from './wgsl-types.ts';

/** A source location referenced by runtime checks. */
export interface Site {
  id: number;
  line: number;
  column: number;
  /** The code at this location, for messages. */
  text: string;
}

export class Memory {
  readonly name: string;
  readonly space: AddressSpace;
  readonly words: number;
  readonly buffer: ArrayBuffer;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  /** Storage, uniform and workgroup memory: counted and traced. */
  readonly shared: boolean;
  /** Shared and writable: checked for races. */
  readonly raceChecked: boolean;
  /** For trace indices: words per element of the variable's array (0 if the variable is not an array). */
  indexStride = 0;
  /** Element count of the variable's runtime-sized array (if it has one). */
  runtimeCount = 0;
  /** The variable's WGSL type, for describing it (set for workgroup variables; storage keeps it on StorageVariable). */
  wgslType: WType | null = null;
  /** Per element read counts for the current workgroup (only when a per-element budget asks). */
  elementReads: Uint32Array | null = null;

  // Phase-local race state, per word. Sites are stored by id.
  private wStamp: Int32Array | null = null;
  private wInv: Int32Array | null = null;
  private wSite: Int32Array | null = null;
  private rStamp: Int32Array | null = null;
  private rInv: Int32Array | null = null;
  private rSite: Int32Array | null = null;
  private rInv2: Int32Array | null = null;
  private rSite2: Int32Array | null = null;
  /** Stamp of the other barrier kind at the write, to explain "only a workgroupBarrier separates these". */
  private wOtherStamp: Int32Array | null = null;
  // Dispatch-wide state for storage memory: workgroup (+1) that wrote / read each word.
  private dWriterWg: Int32Array | null = null;
  private dWriterInv: Int32Array | null = null;
  private dWriterSite: Int32Array | null = null;
  private dReaderWg: Int32Array | null = null;
  private dReaderInv: Int32Array | null = null;
  private dReaderSite: Int32Array | null = null;

  constructor(name: string, space: AddressSpace, words: number, writable: boolean, source?: ArrayBuffer) {
    this.name = name;
    this.space = space;
    this.words = words;
    this.buffer = new ArrayBuffer(words * 4);
    if (source) new Uint8Array(this.buffer).set(new Uint8Array(source, 0, Math.min(source.byteLength, words * 4)));
    this.f32 = new Float32Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
    this.shared = space === 'storage' || space === 'uniform' || space === 'workgroup';
    this.raceChecked = this.shared && writable;
  }

  /** Race bookkeeping is allocated on first use: 15 words of state per word of memory. */
  private allocateRaceState(): void {
    const words = this.words;
    this.wStamp = new Int32Array(words);
    this.wInv = new Int32Array(words);
    this.wSite = new Int32Array(words);
    this.rStamp = new Int32Array(words);
    this.rInv = new Int32Array(words);
    this.rSite = new Int32Array(words);
    this.rInv2 = new Int32Array(words);
    this.rSite2 = new Int32Array(words);
    this.wOtherStamp = new Int32Array(words);
  }

  private allocateDispatchState(): void {
    const words = this.words;
    this.dWriterWg = new Int32Array(words);
    this.dWriterInv = new Int32Array(words);
    this.dWriterSite = new Int32Array(words);
    this.dReaderWg = new Int32Array(words);
    this.dReaderInv = new Int32Array(words);
    this.dReaderSite = new Int32Array(words);
  }

  /** Element index for a word offset (what the trace and race reports call `index`). */
  indexOf(word: number): number {
    return this.indexStride > 0 ? Math.floor(word / this.indexStride) : word;
  }

  /** Zero the contents (workgroup memory at the start of each workgroup). Race stamps stay valid: they are phase-unique. */
  clear(): void {
    this.u32.fill(0);
  }

  /**
   * Race bookkeeping for one word. Returns the conflicting earlier access, if any,
   * as [invocation, siteId, wasWrite, separatedOnlyByOtherBarrier].
   */
  checkWord(
    word: number,
    inv: number,
    siteId: number,
    write: boolean,
    stamp: number,
    otherStamp: number,
  ): [number, number, boolean, boolean] | null {
    if (!this.wStamp) this.allocateRaceState();
    const wStamp = this.wStamp as Int32Array;
    const wInv = this.wInv as Int32Array;
    const rStamp = this.rStamp as Int32Array;
    const rInv = this.rInv as Int32Array;
    const rInv2 = this.rInv2 as Int32Array;
    let conflict: [number, number, boolean, boolean] | null = null;
    if (wStamp[word] === stamp && wInv[word] !== inv) {
      conflict = [wInv[word] ?? 0, (this.wSite as Int32Array)[word] ?? 0, true, (this.wOtherStamp as Int32Array)[word] !== otherStamp];
    }
    if (write) {
      if (!conflict && rStamp[word] === stamp) {
        if (rInv[word] !== inv) conflict = [rInv[word] ?? 0, (this.rSite as Int32Array)[word] ?? 0, false, false];
        else if ((rInv2[word] ?? -1) >= 0) conflict = [rInv2[word] ?? 0, (this.rSite2 as Int32Array)[word] ?? 0, false, false];
      }
      wStamp[word] = stamp;
      wInv[word] = inv;
      (this.wSite as Int32Array)[word] = siteId;
      (this.wOtherStamp as Int32Array)[word] = otherStamp;
    } else if (rStamp[word] !== stamp) {
      rStamp[word] = stamp;
      rInv[word] = inv;
      (this.rSite as Int32Array)[word] = siteId;
      rInv2[word] = -1;
    } else if (rInv[word] !== inv && rInv2[word] === -1) {
      rInv2[word] = inv;
      (this.rSite2 as Int32Array)[word] = siteId;
    }
    return conflict;
  }

  /** Dispatch-wide check for storage words: an access conflicting with another workgroup's. */
  checkWordAcrossWorkgroups(word: number, workgroup: number, inv: number, siteId: number, write: boolean): [number, number, boolean] | null {
    if (!this.dWriterWg) this.allocateDispatchState();
    const writerWg = this.dWriterWg as Int32Array;
    const tag = workgroup + 1;
    let conflict: [number, number, boolean] | null = null;
    const w = writerWg[word] ?? 0;
    if (w !== 0 && w !== tag) conflict = [(this.dWriterInv as Int32Array)[word] ?? 0, (this.dWriterSite as Int32Array)[word] ?? 0, true];
    const readerWg = this.dReaderWg as Int32Array;
    if (write) {
      const r = readerWg[word] ?? 0;
      if (!conflict && r !== 0 && r !== tag) conflict = [(this.dReaderInv as Int32Array)[word] ?? 0, (this.dReaderSite as Int32Array)[word] ?? 0, false];
      writerWg[word] = tag;
      (this.dWriterInv as Int32Array)[word] = inv;
      (this.dWriterSite as Int32Array)[word] = siteId;
    } else if ((readerWg[word] ?? 0) !== tag) {
      readerWg[word] = tag;
      (this.dReaderInv as Int32Array)[word] = inv;
      (this.dReaderSite as Int32Array)[word] = siteId;
    }
    return conflict;
  }
}

/** Everything one invocation needs at run time. */
export class Invocation {
  index = 0;
  localIndex = 0;
  workgroupIndex = 0;
  globalId: Vec3 = [0, 0, 0];
  workgroupId: Vec3 = [0, 0, 0];
  localId: Vec3 = [0, 0, 0];
  /** Function- and private-space variables of this invocation. */
  readonly local: Memory;
  /** Values of `let` bindings and parameters, in statically assigned slots. */
  readonly lets: unknown[];
  retval: unknown = undefined;
  counts: InvocationCounts;

  constructor(local: Memory, letSlots: number, counts: InvocationCounts) {
    this.local = local;
    this.lets = new Array<unknown>(letSlots).fill(undefined);
    this.counts = counts;
  }
}

const MAX_DISTINCT_ERRORS = 100;

/** Collects errors (deduplicated by location), the trace and race reports for one simulation. */
export class Observer {
  readonly errors: SimError[] = [];
  readonly trace: AccessEvent[] = [];
  traceTruncated = false;
  private readonly maxTrace: number;
  private readonly sites: Site[] = [];
  private readonly errorByKey = new Map<string, SimError>();
  private droppedErrors = 0;
  /** Barriers passed by the current workgroup. */
  phase = 0;
  /** Unique stamps for the current workgroup-memory and storage-memory phases. */
  workgroupStamp = 1;
  storageStamp = 1;
  private nextStamp = 2;
  workgroupIndex = 0;
  /** Storage words are only checked across workgroups when the dispatch has more than one. */
  multipleWorkgroups = false;
  idsOf: (invocation: number) => InvocationIds = (invocation) => ({
    invocation,
    globalId: [0, 0, 0],
    workgroupId: [0, 0, 0],
    localId: [0, 0, 0],
    localIndex: 0,
  });

  constructor(maxTrace: number) {
    this.maxTrace = maxTrace;
  }

  site(line: number, column: number, text: string): Site {
    const s: Site = { id: this.sites.length, line, column, text };
    this.sites.push(s);
    return s;
  }

  siteById(id: number): Site | undefined {
    return this.sites[id];
  }

  /** Starts a workgroup: fresh phase stamps for both kinds of memory. */
  beginWorkgroup(workgroupIndex: number): void {
    this.workgroupIndex = workgroupIndex;
    this.phase = 0;
    this.workgroupStamp = this.nextStamp++;
    this.storageStamp = this.nextStamp++;
  }

  barrier(workgroupMemory: boolean, storageMemory: boolean): void {
    this.phase++;
    if (workgroupMemory) this.workgroupStamp = this.nextStamp++;
    if (storageMemory) this.storageStamp = this.nextStamp++;
  }

  /** Adds an error unless one with the same key exists (then counts an occurrence on it). */
  report(key: string, make: () => SimError): void {
    const existing = this.errorByKey.get(key);
    if (existing) {
      if ('occurrences' in existing) existing.occurrences++;
      return;
    }
    if (this.errorByKey.size >= MAX_DISTINCT_ERRORS) {
      this.droppedErrors++;
      return;
    }
    const error = make();
    this.errorByKey.set(key, error);
    this.errors.push(error);
  }

  /** Call once at the end: appends a note if errors were dropped. */
  finish(): void {
    if (this.droppedErrors > 0) {
      this.errors.push({
        kind: 'runtime',
        message: `${this.droppedErrors} further problems at other code locations were not listed (only the first ${MAX_DISTINCT_ERRORS} are). Fix the ones above first.`,
        line: 0,
        column: 0,
      });
    }
  }

  /**
   * Records one load or store of `leafs` words at `off` (relative word offsets of
   * the value's scalars) by `inv`: counts, trace, races.
   */
  access(inv: Invocation, mem: Memory, off: number, leafs: readonly number[] | null, write: boolean, atomic: boolean, site: Site): void {
    const counts = inv.counts;
    if (mem.space === 'workgroup') {
      if (write) counts.workgroupWrites++;
      else counts.workgroupReads++;
    } else if (mem.space === 'storage') {
      if (write) counts.storageWrites++;
      else counts.storageReads++;
      if (!write && mem.elementReads) {
        const element = mem.indexOf(off);
        if (element < mem.elementReads.length) mem.elementReads[element] = (mem.elementReads[element] ?? 0) + 1;
      }
    } else {
      counts.uniformReads++;
    }
    if (this.trace.length < this.maxTrace) {
      this.trace.push({
        invocation: inv.index,
        space: mem.space as AccessEvent['space'],
        variable: mem.name,
        index: mem.indexOf(off),
        word: off,
        access: write ? 'write' : 'read',
        atomic,
        phase: this.phase,
        line: site.line,
        column: site.column,
      });
    } else {
      this.traceTruncated = true;
    }
    if (!mem.raceChecked || atomic) return;
    if (leafs === null) this.checkRace(inv, mem, off, write, site);
    else for (let i = 0; i < leafs.length; i++) this.checkRace(inv, mem, off + (leafs[i] ?? 0), write, site);
  }

  private checkRace(inv: Invocation, mem: Memory, word: number, write: boolean, site: Site): void {
    const storage = mem.space === 'storage';
    const stamp = storage ? this.storageStamp : this.workgroupStamp;
    const otherStamp = storage ? this.workgroupStamp : this.storageStamp;
    const conflict = mem.checkWord(word, inv.index, site.id, write, stamp, otherStamp);
    if (conflict) this.reportRace('workgroup', mem, word, conflict[0], conflict[1], conflict[2], inv, site, write, storage && conflict[3]);
    if (storage && this.multipleWorkgroups) {
      const across = mem.checkWordAcrossWorkgroups(word, this.workgroupIndex, inv.index, site.id, write);
      if (across && !conflict) this.reportRace('dispatch', mem, word, across[0], across[1], across[2], inv, site, write, false);
    }
  }

  private reportRace(
    scope: 'workgroup' | 'dispatch',
    mem: Memory,
    word: number,
    otherInv: number,
    otherSiteId: number,
    otherWrote: boolean,
    inv: Invocation,
    site: Site,
    write: boolean,
    onlyWorkgroupBarrierBetween: boolean,
  ): void {
    const otherSite = this.siteById(otherSiteId) ?? site;
    const key = `race|${scope}|${mem.name}|${otherSite.id}|${site.id}|${otherWrote}|${write}`;
    this.report(key, () => {
      const first = this.idsOf(otherInv);
      const second = this.idsOf(inv.index);
      const index = mem.indexOf(word);
      const what = (w: boolean) => (w ? 'writes' : 'reads');
      const who = (ids: InvocationIds) =>
        scope === 'workgroup' ? `local id (${ids.localId.join(', ')})` : `workgroup (${ids.workgroupId.join(', ')}) local id (${ids.localId.join(', ')})`;
      const element = mem.indexStride > 0 ? `${mem.name}[${index}]` : `${mem.name} (word ${word})`;
      let fix: string;
      if (scope === 'dispatch') {
        fix =
          'Nothing orders two workgroups of one dispatch (barriers only work inside a workgroup): give each workgroup its own output elements, use atomics, or split the work into two dispatches.';
      } else if (onlyWorkgroupBarrierBetween) {
        fix =
          'A workgroupBarrier() lies between them, but it only orders workgroup memory; storage memory needs storageBarrier() (or keep the shared data in var<workgroup> memory).';
      } else if (mem.space === 'workgroup') {
        fix = `Nothing orders these two accesses: put workgroupBarrier() between the ${otherWrote ? 'write' : 'read'} and the ${write ? 'write' : 'read'} (in uniform control flow), or make each invocation use its own element.`;
      } else {
        fix = `Nothing orders these two accesses: make each invocation write its own element, use atomics, or separate the phases with storageBarrier().`;
      }
      const race: RaceError = {
        kind: 'race',
        scope,
        space: mem.space === 'storage' ? 'storage' : 'workgroup',
        variable: mem.name,
        index,
        word,
        first: { invocationIds: first, access: otherWrote ? 'write' : 'read', line: otherSite.line, column: otherSite.column },
        second: { invocationIds: second, access: write ? 'write' : 'read', line: site.line, column: site.column },
        occurrences: 1,
        line: site.line,
        column: site.column,
        message:
          `Data race on ${element} (${mem.space} memory): invocation ${who(first)} ${what(otherWrote)} it at line ${otherSite.line} ` +
          `(\`${otherSite.text}\`) and invocation ${who(second)} ${what(write)} it at line ${site.line} (\`${site.text}\`)` +
          `${scope === 'workgroup' ? ' in the same barrier phase' : ''}. The result depends on timing; on a GPU it may pass by luck. ${fix}`,
      };
      return race;
    });
  }
}
