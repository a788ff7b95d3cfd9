// Progress store: saving, the v0 → v1 migration, recovery from corrupt or
// future data, storage that refuses writes, and export/import.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROGRESS_KEY,
  MemoryStorage,
  PROGRESS_VERSION,
  ProgressStore,
  mergeProgress,
  parseProgress,
  type Progress,
  type StorageLike,
} from '../../../src/progress/storage';

const fixedClock = (iso: string) => () => new Date(iso);

function storeWith(raw: string | null, now = '2025-01-02T03:04:05.000Z'): { store: ProgressStore; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  if (raw !== null) storage.setItem(DEFAULT_PROGRESS_KEY, raw);
  return { store: new ProgressStore({ storage, now: fixedClock(now) }), storage };
}

describe('ProgressStore basics', () => {
  it('starts empty and saves code, completion and lesson visits as versioned JSON', () => {
    const { store, storage } = storeWith(null);
    expect(store.load()).toEqual({ progress: { version: PROGRESS_VERSION, exercises: {}, lessons: {} }, notice: null });
    expect(store.saveCode('vector-add', 'fn main() {}')).toEqual({ ok: true });
    expect(store.markExerciseCompleted('vector-add')).toEqual({ ok: true });
    store.visitLesson('parallel-processing');
    store.visitLesson('parallel-processing', true);
    const saved = JSON.parse(storage.getItem(DEFAULT_PROGRESS_KEY)!);
    expect(saved).toEqual({
      version: 1,
      exercises: {
        'vector-add': {
          code: 'fn main() {}',
          updatedAt: '2025-01-02T03:04:05.000Z',
          completed: true,
          completedAt: '2025-01-02T03:04:05.000Z',
        },
      },
      lessons: { 'parallel-processing': { completed: true, lastVisitedAt: '2025-01-02T03:04:05.000Z' } },
    });
    // A fresh store reads back what was written.
    const again = new ProgressStore({ storage });
    expect(again.load().progress).toEqual(saved);
  });

  it('keeps the first completion date and clears code on reset without losing completion', () => {
    const storage = new MemoryStorage();
    const first = new ProgressStore({ storage, now: fixedClock('2025-01-01T00:00:00.000Z') });
    first.load();
    first.markExerciseCompleted('matmul');
    const later = new ProgressStore({ storage, now: fixedClock('2025-06-01T00:00:00.000Z') });
    later.load();
    later.saveCode('matmul', 'x');
    later.markExerciseCompleted('matmul');
    expect(later.get().exercises.matmul?.completedAt).toBe('2025-01-01T00:00:00.000Z');
    later.resetCode('matmul');
    expect(later.get().exercises.matmul).toEqual({ completed: true, completedAt: '2025-01-01T00:00:00.000Z' });
  });

  it('refuses to write before load(), which would overwrite stored progress', () => {
    const { store, storage } = storeWith('{"version":1,"exercises":{"a":{"completed":true}},"lessons":{}}');
    expect(() => store.saveCode('a', 'x')).toThrow(/call load\(\) first/);
    expect(JSON.parse(storage.getItem(DEFAULT_PROGRESS_KEY)!).exercises.a.completed).toBe(true);
  });

  it('refuses ids that are not kebab-case', () => {
    const { store } = storeWith(null);
    store.load();
    expect(() => store.saveCode('Vector Add', '')).toThrow(/saveCode\("Vector Add"\): ids and lesson slugs are kebab-case/);
  });

  it('keeps progress in memory and reports the error when storage refuses writes', () => {
    const full: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const store = new ProgressStore({ storage: full });
    store.load();
    const result = store.saveCode('vector-add', 'code');
    expect(result).toEqual({ ok: false, error: 'the browser refused to store it (QuotaExceededError)' });
    expect(store.get().exercises['vector-add']?.code).toBe('code');
  });

  it('starts fresh with a notice when reading storage throws', () => {
    const blocked: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    const { progress, notice } = new ProgressStore({ storage: blocked }).load();
    expect(progress.exercises).toEqual({});
    expect(notice).toMatch(/could not be read \(SecurityError\)/);
  });

  it('falls back to memory when there is no localStorage (as in Node)', () => {
    const store = new ProgressStore();
    store.load();
    expect(store.saveCode('vector-add', 'x')).toEqual({ ok: true });
  });
});

describe('migration and recovery', () => {
  it('migrates the unversioned v0 format and saves it as v1, without a notice', () => {
    const v0 = { code: { 'vector-add': 'fn a() {}', matmul: 'fn b() {}' }, solved: ['vector-add', 'softmax'] };
    const { store, storage } = storeWith(JSON.stringify(v0));
    const { progress, notice } = store.load();
    expect(notice).toBeNull();
    expect(progress).toEqual({
      version: 1,
      exercises: {
        'vector-add': { code: 'fn a() {}', completed: true },
        matmul: { code: 'fn b() {}', completed: false },
        softmax: { completed: true },
      },
      lessons: {},
    });
    expect(JSON.parse(storage.getItem(DEFAULT_PROGRESS_KEY)!)).toEqual(progress);
  });

  const resets: Array<[string, string, RegExp]> = [
    ['corrupt JSON', '{"version": 1, "exercises": {', /because it is not valid JSON, so it was reset/],
    ['a future version', '{"version": 7, "everything": "new"}', /newer version of the course \(format 7; this page reads up to 1\)/],
    ['a v1 document that fails validation', '{"version":1,"exercises":{"a":{"completed":"yes"}},"lessons":{}}', /does not match format 1: exercises.a.completed: /],
    ['a v0 document that cannot be migrated', '{"code": 5, "solved": []}', /could not be upgraded from format 0: code: /],
    ['a non-object', '[1, 2, 3]', /has no valid version number/],
    ['a bad version field', '{"version": "1"}', /has no valid version number/],
  ];
  for (const [name, raw, message] of resets) {
    it(`resets ${name}, keeps a backup and explains why (never throws)`, () => {
      const { store, storage } = storeWith(raw);
      const { progress, notice } = store.load();
      expect(progress).toEqual({ version: 1, exercises: {}, lessons: {} });
      expect(notice).toMatch(message);
      expect(notice).toContain(`kept in this browser under "${DEFAULT_PROGRESS_KEY}:backup"`);
      expect(storage.getItem(`${DEFAULT_PROGRESS_KEY}:backup`)).toBe(raw);
      expect(storage.getItem(DEFAULT_PROGRESS_KEY)).toBeNull();
    });
  }
});

describe('export and import', () => {
  const other: Progress = {
    version: 1,
    exercises: {
      'vector-add': { code: 'newer', updatedAt: '2025-03-01T00:00:00.000Z', completed: false },
      softmax: { completed: true, completedAt: '2025-02-01T00:00:00.000Z' },
    },
    lessons: { intro: { completed: true, lastVisitedAt: '2025-03-05T00:00:00.000Z' } },
  };

  function loadedStore(): { store: ProgressStore; storage: MemoryStorage } {
    const { store, storage } = storeWith(null, '2025-01-01T00:00:00.000Z');
    store.load();
    store.saveCode('vector-add', 'older');
    store.markExerciseCompleted('vector-add');
    store.visitLesson('intro');
    return { store, storage };
  }

  it('exports JSON that imports back to the same progress', () => {
    const { store } = loadedStore();
    const exported = store.exportJson();
    const { store: fresh } = storeWith(null);
    fresh.load();
    expect(fresh.importJson(exported, 'replace')).toEqual({ ok: true, notice: 'Replaced your progress with the imported progress (1 exercise).' });
    expect(fresh.get()).toEqual(store.get());
  });

  it('merges: completion from either side, the newer code, the first completion, the last visit', () => {
    const { store, storage } = loadedStore();
    const result = store.importJson(JSON.stringify(other), 'merge');
    expect(result).toEqual({ ok: true, notice: 'Merged the imported progress (2 exercises).' });
    expect(store.get()).toEqual({
      version: 1,
      exercises: {
        'vector-add': { code: 'newer', updatedAt: '2025-03-01T00:00:00.000Z', completed: true, completedAt: '2025-01-01T00:00:00.000Z' },
        softmax: { completed: true, completedAt: '2025-02-01T00:00:00.000Z' },
      },
      lessons: { intro: { completed: true, lastVisitedAt: '2025-03-05T00:00:00.000Z' } },
    });
    expect(JSON.parse(storage.getItem(DEFAULT_PROGRESS_KEY)!)).toEqual(store.get());
  });

  it('keeps local code that is newer than the imported code', () => {
    const mine: Progress = { version: 1, exercises: { a: { code: 'mine', updatedAt: '2025-05-01T00:00:00.000Z', completed: false } }, lessons: {} };
    const theirs: Progress = { version: 1, exercises: { a: { code: 'theirs', updatedAt: '2025-04-01T00:00:00.000Z', completed: true } }, lessons: {} };
    expect(mergeProgress(mine, theirs).exercises.a).toEqual({ code: 'mine', updatedAt: '2025-05-01T00:00:00.000Z', completed: true });
  });

  it('imports older formats through the same migration', () => {
    const { store } = storeWith(null);
    store.load();
    expect(store.importJson(JSON.stringify({ code: {}, solved: ['matmul'] }), 'merge').ok).toBe(true);
    expect(store.get().exercises.matmul).toEqual({ completed: true });
  });

  it('leaves the store unchanged and explains an invalid import', () => {
    const { store, storage } = loadedStore();
    const before = storage.getItem(DEFAULT_PROGRESS_KEY);
    const snapshot = structuredClone(store.get());
    for (const [text, message] of [
      ['not json', /cannot be imported because it is not valid JSON/],
      ['{"version": 2}', /newer version of the course/],
      ['{"version":1,"exercises":{"Bad Id":{"completed":true}},"lessons":{}}', /does not match format 1: exercises.Bad Id: /],
    ] as const) {
      const result = store.importJson(text, 'replace');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
      expect(store.get()).toEqual(snapshot);
      expect(storage.getItem(DEFAULT_PROGRESS_KEY)).toBe(before);
    }
  });

  it('parseProgress never throws, whatever the text', () => {
    for (const text of ['', 'null', '0', '"x"', '{}', '{"version":-1}', '{"version":1.5}', '{"version":1}']) {
      expect(() => parseProgress(text)).not.toThrow();
      expect(parseProgress(text).ok).toBe(false);
    }
  });
});
