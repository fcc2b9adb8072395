/**
 * A student's progress through the lessons, kept in their own config directory
 * ($XDG_CONFIG_HOME/loom or ~/.config/loom), never in the repository.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

export interface LessonProgress {
  /** When the exercise was first copied out (ISO 8601). */
  started?: string;
  /** When its check first passed. */
  passed?: string;
}

export interface Progress {
  lessons: Record<string, LessonProgress>;
}

/** The XDG base directory spec: a relative XDG_CONFIG_HOME is ignored. */
function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME ?? homedir(), '.config');
  return join(base, 'loom');
}

export function progressPath(): string {
  return join(configDir(), 'progress.json');
}

export function loadProgress(): Progress {
  try {
    const data = JSON.parse(readFileSync(progressPath(), 'utf8')) as Partial<Progress>;
    return {
      lessons: typeof data.lessons === 'object' && data.lessons !== null ? data.lessons : {},
    };
  } catch {
    // No file yet, or one we cannot read: start afresh rather than refuse to teach.
    return { lessons: {} };
  }
}

/**
 * Records that lesson `number` was started or passed (the first time only). Returns a warning
 * when the file cannot be written; progress is a convenience, not a reason to fail a command.
 */
export function recordProgress(number: number, what: keyof LessonProgress): string | undefined {
  const progress = loadProgress();
  const entry = progress.lessons[String(number)] ?? {};
  if (entry[what] !== undefined) return undefined;
  entry[what] = new Date().toISOString();
  progress.lessons[String(number)] = entry;
  const path = progressPath();
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(progress, null, 2) + '\n');
    return undefined;
  } catch (e) {
    return `could not save your progress in ${path}: ${(e as Error).message}`;
  }
}
