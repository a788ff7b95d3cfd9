/**
 * The learner's progress, kept in the browser: the code last written for each
 * exercise, which exercises pass, which lessons were read. Everything stays on
 * the device (the course has no server).
 *
 * Stored as one JSON document under one key of a Storage-like object
 * (localStorage by default), with a schema version:
 * - `load()` validates with zod and migrates older versions step by step
 *   (v0 → v1 below). It never throws: unreadable JSON, data that fails
 *   validation, or a version newer than this code knows are reset to empty
 *   progress, the old text is kept under `<key>:backup`, and a notice for the
 *   UI says what happened.
 * - `exportJson()` / `importJson(text, mode)` move progress between browsers.
 *   An import goes through the same migration and validation; if it fails the
 *   store is unchanged and the error says why. Mode "replace" swaps the
 *   progress for the imported one; mode "merge" keeps the best of both (see
 *   {@link mergeProgress}).
 * - Writes that the storage refuses (quota, private mode) keep the progress in
 *   memory and return an error message instead of throwing.
 */
import { z } from 'zod';
import { exerciseIdSchema } from '../course/schema';

/** Storage the store writes to; `window.localStorage` fits. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const PROGRESS_VERSION = 1;
export const DEFAULT_PROGRESS_KEY = 'gpu-course:progress';

/** Lesson slugs and exercise ids share the kebab-case rule. */
const slugSchema = exerciseIdSchema;
const isoDate = z.iso.datetime();

const exerciseProgressSchema = z
  .object({
    /** The learner's latest code in the editor, if they changed it from the starter. */
    code: z.string().optional(),
    /** When `code` was last saved. */
    updatedAt: isoDate.optional(),
    /** True once a run passed every case. */
    completed: z.boolean(),
    /** When the first passing run happened. */
    completedAt: isoDate.optional(),
  })
  .strict();

const lessonProgressSchema = z
  .object({
    /** True once the learner marked the lesson done (or the UI decided they finished it). */
    completed: z.boolean(),
    /** Last time the lesson was opened. */
    lastVisitedAt: isoDate.optional(),
  })
  .strict();

const progressV1Schema = z
  .object({
    version: z.literal(1),
    exercises: z.record(slugSchema, exerciseProgressSchema),
    lessons: z.record(slugSchema, lessonProgressSchema),
  })
  .strict();

export type ExerciseProgress = z.infer<typeof exerciseProgressSchema>;
export type LessonProgress = z.infer<typeof lessonProgressSchema>;
export type Progress = z.infer<typeof progressV1Schema>;

/**
 * Version 0, the prototype's format (no version field): code by exercise id
 * and a list of solved exercise ids.
 */
const progressV0Schema = z
  .object({
    code: z.record(z.string(), z.string()),
    solved: z.array(z.string()),
  })
  .strict();

/** Migrations by the version they upgrade from; each returns data of the next version. */
const MIGRATIONS: Record<number, (data: unknown) => unknown> = {
  0: (data) => {
    const v0 = progressV0Schema.parse(data);
    const exercises: Record<string, ExerciseProgress> = {};
    for (const [id, code] of Object.entries(v0.code)) exercises[id] = { code, completed: false };
    for (const id of v0.solved) exercises[id] = { ...exercises[id], completed: true };
    return { version: 1, exercises, lessons: {} };
  },
};

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, exercises: {}, lessons: {} };
}

type Parsed = { ok: true; progress: Progress; migratedFrom: number | null } | { ok: false; reason: string };

/** Version of a stored document: its `version` field, or 0 for the unversioned prototype format. */
function versionOf(data: unknown): number | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  if (!('version' in data)) return 0;
  const { version } = data as { version: unknown };
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 0 ? version : null;
}

/** JSON text → current-version progress, migrating as needed. Never throws. */
export function parseProgress(text: string): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  const version = versionOf(data);
  if (version === null) return { ok: false, reason: 'it has no valid version number' };
  if (version > PROGRESS_VERSION) {
    return {
      ok: false,
      reason: `it was saved by a newer version of the course (format ${version}; this page reads up to ${PROGRESS_VERSION})`,
    };
  }
  try {
    for (let from = version; from < PROGRESS_VERSION; from++) data = MIGRATIONS[from]!(data);
  } catch (error) {
    return { ok: false, reason: `it could not be upgraded from format ${version}: ${describeError(error)}` };
  }
  const result = progressV1Schema.safeParse(data);
  if (!result.success) return { ok: false, reason: `it does not match format ${PROGRESS_VERSION}: ${describeError(result.error)}` };
  return { ok: true, progress: result.data, migratedFrom: version === PROGRESS_VERSION ? null : version };
}

function describeError(error: unknown): string {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0]!;
    const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
    return `${path}${issue.message}${more}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function laterDate(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function earlierDate(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/**
 * Merges two progress documents, keeping the best of both: an exercise or a
 * lesson is completed if it is in either; the code kept is the more recently
 * saved (the imported one when neither has a date or the dates are equal); the
 * first completion date and the last visit are kept.
 */
export function mergeProgress(current: Progress, imported: Progress): Progress {
  const exercises: Record<string, ExerciseProgress> = { ...current.exercises };
  for (const [id, incoming] of Object.entries(imported.exercises)) {
    const mine = exercises[id];
    if (!mine) {
      exercises[id] = incoming;
      continue;
    }
    const takeIncoming =
      incoming.code !== undefined &&
      (mine.code === undefined || !mine.updatedAt || !incoming.updatedAt || Date.parse(incoming.updatedAt) >= Date.parse(mine.updatedAt));
    exercises[id] = withoutUndefined({
      code: takeIncoming ? incoming.code : mine.code,
      updatedAt: takeIncoming ? incoming.updatedAt : mine.updatedAt,
      completed: mine.completed || incoming.completed,
      completedAt: earlierDate(mine.completedAt, incoming.completedAt),
    });
  }
  const lessons: Record<string, LessonProgress> = { ...current.lessons };
  for (const [slug, incoming] of Object.entries(imported.lessons)) {
    const mine = lessons[slug];
    lessons[slug] = mine
      ? withoutUndefined({
          completed: mine.completed || incoming.completed,
          lastVisitedAt: laterDate(mine.lastVisitedAt, incoming.lastVisitedAt),
        })
      : incoming;
  }
  return { version: PROGRESS_VERSION, exercises, lessons };
}

/** Storage that lives only as long as the page: used when localStorage is missing or blocked. */
export class MemoryStorage implements StorageLike {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

function defaultStorage(): StorageLike {
  try {
    // Reading `localStorage` throws a SecurityError when the browser blocks site data.
    const storage = (globalThis as { localStorage?: StorageLike }).localStorage;
    if (storage) return storage;
  } catch {
    // fall through to memory
  }
  return new MemoryStorage();
}

export interface ProgressStoreOptions {
  /** Where to keep progress; default `window.localStorage`, or memory when there is none. */
  storage?: StorageLike;
  /** Storage key; default {@link DEFAULT_PROGRESS_KEY}. */
  key?: string;
  /** Clock for timestamps (tests pass a fixed one). */
  now?: () => Date;
}

/** Outcome of a write: the progress in memory is always updated; `ok` says whether it was persisted. */
export type WriteResult = { ok: true } | { ok: false; error: string };

export type ImportResult = { ok: true; notice: string } | { ok: false; error: string };

/** The learner's progress, loaded from and saved to storage. */
export class ProgressStore {
  private readonly storage: StorageLike;
  private readonly key: string;
  private readonly now: () => Date;
  private progress: Progress = emptyProgress();
  private loaded = false;

  constructor(options: ProgressStoreOptions = {}) {
    this.storage = options.storage ?? defaultStorage();
    this.key = options.key ?? DEFAULT_PROGRESS_KEY;
    this.now = options.now ?? (() => new Date());
  }

  get backupKey(): string {
    return `${this.key}:backup`;
  }

  /**
   * Reads progress from storage. Never throws. `notice` is null when all went
   * well (or nothing was stored yet), else a sentence for the UI to show.
   */
  load(): { progress: Progress; notice: string | null } {
    this.loaded = true;
    let text: string | null;
    try {
      text = this.storage.getItem(this.key);
    } catch (error) {
      this.progress = emptyProgress();
      return { progress: this.progress, notice: `Saved progress could not be read (${describeError(error)}); starting fresh.` };
    }
    if (text === null) {
      this.progress = emptyProgress();
      return { progress: this.progress, notice: null };
    }
    const parsed = parseProgress(text);
    if (parsed.ok) {
      this.progress = parsed.progress;
      if (parsed.migratedFrom === null) return { progress: this.progress, notice: null };
      const write = this.persist();
      const notice = write.ok ? null : `Your progress was upgraded to the new format but could not be saved: ${write.error}`;
      return { progress: this.progress, notice };
    }
    this.progress = emptyProgress();
    let kept = ` A copy of the old data is kept in this browser under "${this.backupKey}".`;
    try {
      this.storage.setItem(this.backupKey, text);
      this.storage.removeItem(this.key);
    } catch {
      kept = '';
    }
    return { progress: this.progress, notice: `Your saved progress could not be used because ${parsed.reason}, so it was reset.${kept}` };
  }

  /** The progress in memory. Treat it as read-only: change it through the methods, which also save it. */
  get(): Readonly<Progress> {
    this.requireLoaded('get');
    return this.progress;
  }

  /** Saves the learner's code for an exercise. */
  saveCode(exerciseId: string, code: string): WriteResult {
    const id = this.checkSlug('saveCode', exerciseId);
    const previous = this.progress.exercises[id] ?? { completed: false };
    this.progress.exercises[id] = { ...previous, code, updatedAt: this.now().toISOString() };
    return this.persist();
  }

  /** Marks an exercise as passed; the first completion date is kept. */
  markExerciseCompleted(exerciseId: string): WriteResult {
    const id = this.checkSlug('markExerciseCompleted', exerciseId);
    const previous = this.progress.exercises[id] ?? { completed: false };
    this.progress.exercises[id] = {
      ...previous,
      completed: true,
      completedAt: previous.completedAt ?? this.now().toISOString(),
    };
    return this.persist();
  }

  /** Forgets the learner's code for an exercise (back to the starter); completion stays. */
  resetCode(exerciseId: string): WriteResult {
    const id = this.checkSlug('resetCode', exerciseId);
    const previous = this.progress.exercises[id];
    if (!previous) return { ok: true };
    this.progress.exercises[id] = withoutUndefined({ ...previous, code: undefined, updatedAt: undefined });
    return this.persist();
  }

  /** Records a visit to a lesson, and optionally that it is completed. */
  visitLesson(slug: string, completed?: boolean): WriteResult {
    const id = this.checkSlug('visitLesson', slug);
    const previous = this.progress.lessons[id] ?? { completed: false };
    this.progress.lessons[id] = {
      completed: completed ?? previous.completed,
      lastVisitedAt: this.now().toISOString(),
    };
    return this.persist();
  }

  /** The progress as pretty-printed JSON, for a download. */
  exportJson(): string {
    this.requireLoaded('exportJson');
    return JSON.stringify(this.progress, null, 2);
  }

  /**
   * Imports progress exported from this or an older version of the course.
   * "replace" swaps it in; "merge" combines (see {@link mergeProgress}). On an
   * invalid file nothing changes and `error` says why.
   */
  importJson(text: string, mode: 'merge' | 'replace'): ImportResult {
    this.requireLoaded('importJson');
    const parsed = parseProgress(text);
    if (!parsed.ok) return { ok: false, error: `This file cannot be imported because ${parsed.reason}.` };
    this.progress = mode === 'replace' ? parsed.progress : mergeProgress(this.progress, parsed.progress);
    const counted = Object.keys(parsed.progress.exercises).length;
    const write = this.persist();
    const saved = write.ok ? '' : ` It is active on this page but could not be saved: ${write.error}`;
    const verb = mode === 'replace' ? 'Replaced your progress with' : 'Merged';
    return { ok: true, notice: `${verb} the imported progress (${counted} exercise${counted === 1 ? '' : 's'}).${saved}` };
  }

  /** Deletes all progress. */
  clear(): WriteResult {
    this.progress = emptyProgress();
    try {
      this.storage.removeItem(this.key);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  }

  /** Writing before `load()` would overwrite stored progress with an empty document. */
  private requireLoaded(operation: string): void {
    if (!this.loaded) {
      throw new Error(`ProgressStore.${operation}: call load() first, or the stored progress would be overwritten`);
    }
  }

  private checkSlug(operation: string, id: string): string {
    this.requireLoaded(operation);
    const result = slugSchema.safeParse(id);
    if (!result.success) {
      throw new Error(`ProgressStore.${operation}("${id}"): ids and lesson slugs are kebab-case, e.g. "vector-add"`);
    }
    return id;
  }

  private persist(): WriteResult {
    try {
      this.storage.setItem(this.key, JSON.stringify(this.progress));
      return { ok: true };
    } catch (error) {
      return { ok: false, error: `the browser refused to store it (${describeError(error)})` };
    }
  }
}
