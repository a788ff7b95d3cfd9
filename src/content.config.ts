// Content collections: lessons (MDX in content/lessons) and parts
// (content/parts.json). Schemas live in src/course/schema.ts.
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { lessonSchema, parseLessonFileName, partSchema } from './course/schema';

const lessons = defineCollection({
  loader: glob({
    pattern: '*.mdx',
    base: './content/lessons',
    // The id is the slug without the ordering prefix; order is recovered from the file name.
    generateId: ({ entry }) => parseLessonFileName(entry).slug,
  }),
  schema: lessonSchema,
});

const parts = defineCollection({
  loader: file('content/parts.json'),
  schema: partSchema,
});

export const collections = { lessons, parts };
