/**
 * The part library the lessons build up, one chip per file in lessons/library/, named after the
 * chip. Lessons and students use these parts by name.
 */
import { Scope } from './circuits/scope.ts';
import type { LessonContext, ReadText } from './lesson.ts';

export const LIBRARY_PARTS = [
  'HalfAdder',
  'FullAdder',
  'Add4',
  'AddSub4',
  'Mux',
  'Mux4',
  'SRLatch',
  'DLatch',
  'DFF',
  'Register4',
  'Delay4',
  'Clock',
  'Whiteboard',
] as const;

export function loadLibrary(read: ReadText): Scope {
  const library = new Scope();
  for (const name of LIBRARY_PARTS) {
    const path = `library/${name}.hdl`;
    library.addFile(read(path), path);
  }
  return library;
}

/**
 * What a lesson's demo and checker get: the library, the lesson's own files and, given a reader,
 * the demo programs of Loom's tree.
 */
export function lessonContext(
  slug: string,
  read: ReadText,
  program?: (path: string) => Uint8Array,
): LessonContext {
  return { library: loadLibrary(read), read: (name) => read(`${slug}/${name}`), program };
}
