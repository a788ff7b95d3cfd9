/**
 * The course outline: lessons sorted by their file-name prefix and grouped by
 * part, with each lesson's number and neighbours. Pages and components read
 * the course through this module only.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { parseLessonFileName, type PartData } from './schema';

export interface OutlineLesson {
  readonly slug: string;
  /** 1-based position in the whole course, shown as "Lesson 3". */
  readonly number: number;
  readonly title: string;
  readonly summary: string;
  readonly minutes: number;
  readonly part: number;
  readonly exercises: readonly string[];
  readonly entry: CollectionEntry<'lessons'>;
}

export interface OutlinePart extends PartData {
  readonly lessons: readonly OutlineLesson[];
}

export interface Outline {
  readonly parts: readonly OutlinePart[];
  readonly lessons: readonly OutlineLesson[];
}

function fileNameOf(entry: CollectionEntry<'lessons'>): string {
  const path = entry.filePath ?? '';
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Builds the outline; throws (failing the build) when a lesson names a part that does not exist or two lessons share a number. */
export async function loadOutline(): Promise<Outline> {
  const includeDrafts = import.meta.env.DEV;
  const entries = (await getCollection('lessons')).filter((e) => includeDrafts || !e.data.draft);
  const partEntries = await getCollection('parts');
  const partIds = new Set(partEntries.map((p) => p.data.id));

  const ordered = entries
    .map((entry) => ({ entry, order: parseLessonFileName(fileNameOf(entry)).order }))
    .sort((a, b) => a.order - b.order);

  const seenOrders = new Map<number, string>();
  for (const { entry, order } of ordered) {
    const clash = seenOrders.get(order);
    if (clash) throw new Error(`content/lessons: ${fileNameOf(entry)} and ${clash} share the number ${order}`);
    seenOrders.set(order, fileNameOf(entry));
    if (!partIds.has(entry.data.part)) {
      throw new Error(
        `${entry.filePath}: part ${entry.data.part} does not exist in content/parts.json (known: ${[...partIds].join(', ')})`,
      );
    }
  }

  const lessons: OutlineLesson[] = ordered.map(({ entry }, index) => ({
    slug: entry.id,
    number: index + 1,
    title: entry.data.title,
    summary: entry.data.summary,
    minutes: entry.data.minutes,
    part: entry.data.part,
    exercises: entry.data.exercises,
    entry,
  }));

  const parts = partEntries
    .map((p) => p.data)
    .sort((a, b) => a.id - b.id)
    .map((part) => ({ ...part, lessons: lessons.filter((l) => l.part === part.id) }))
    .filter((part) => part.lessons.length > 0);

  return { parts, lessons };
}

/** Lesson before and after `slug` in course order. */
export function neighbours(outline: Outline, slug: string): { previous?: OutlineLesson; next?: OutlineLesson } {
  const i = outline.lessons.findIndex((l) => l.slug === slug);
  return { previous: outline.lessons[i - 1], next: outline.lessons[i + 1] };
}

/** A site-internal URL that respects the configured base path. */
export function href(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

export function lessonHref(slug: string): string {
  return href(`/lessons/${slug}/`);
}

export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
