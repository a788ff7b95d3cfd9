/**
 * The shape of the course's content: what a lesson's front matter and a part
 * must say. Astro validates every file in content/ against these schemas at
 * build time, and a failure names the file and the field.
 */
import { z } from 'astro/zod';

/** Exercise ids are kebab-case and equal their folder name under exercises/. */
export const exerciseIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'exercise ids are kebab-case, e.g. "vector-add"');

export const lessonSchema = z
  .object({
    /** Title shown in the outline, the page heading and the browser tab. */
    title: z.string().min(3).max(90),
    /** One or two sentences for the home outline and the meta description: what the learner will get. */
    summary: z.string().min(20).max(240),
    /** The id of the part (see content/parts.json) this lesson belongs to. */
    part: z.number().int().positive(),
    /** Estimated minutes to read the lesson and do its exercises; shown beside the title. */
    minutes: z.number().int().min(1).max(240),
    /** What a learner can do after the lesson, each phrased as a skill ("Compute ...", "Explain ..."). */
    objectives: z.array(z.string().min(5)).min(1).max(8),
    /** Ids of the graded exercises this lesson embeds, in page order (folders under exercises/). */
    exercises: z.array(exerciseIdSchema).default([]),
    /** Lessons marked draft are built in development only and left out of the production site. */
    draft: z.boolean().default(false),
  })
  .strict();

export type LessonData = z.infer<typeof lessonSchema>;

export const partSchema = z
  .object({
    /** Numeric id that lessons name in their `part` field; also the display order. */
    id: z.number().int().positive(),
    /** Part title for the home outline and the sidebar. */
    title: z.string().min(3),
    /** A sentence on what the part covers. */
    summary: z.string().min(10),
  })
  .strict();

export type PartData = z.infer<typeof partSchema>;

/**
 * Lesson files are named `NN-slug.mdx`: the numeric prefix orders the course
 * and is dropped from the URL, so lessons can be renumbered without breaking
 * links.
 */
export const LESSON_FILE = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;

export function parseLessonFileName(fileName: string): { order: number; slug: string } {
  const match = LESSON_FILE.exec(fileName);
  if (!match) {
    throw new Error(
      `content/lessons/${fileName}: lesson files must be named NN-kebab-slug.mdx (e.g. 03-parallel-processing.mdx)`,
    );
  }
  return { order: Number(match[1]), slug: match[2]! };
}
