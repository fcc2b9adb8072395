/** What the circuit lessons' demos share: their circuits, built, and text to show them with. */
import { buildChip } from './circuits/build.ts';
import { Scope } from './circuits/scope.ts';
import { Simulator, type Oscillation } from './circuits/simulator.ts';
import type { LessonContext } from './lesson.ts';

/** A heading for one part of a demo. */
export function heading(title: string): string {
  return `\n── ${title} ${'─'.repeat(Math.max(3, 66 - title.length))}\n\n`;
}

/** A circuit or card file shown as it is, indented. */
export function listing(name: string, text: string): string {
  const body = text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`.trimEnd())
    .join('\n');
  return `  ${name}:\n\n${body}\n\n`;
}

/** The chips of one of the lesson's circuit files, on top of the library. */
export function lessonScope(context: LessonContext, file: string): Scope {
  const scope = new Scope(context.library);
  scope.addFile(context.read(file), file);
  return scope;
}

/** A simulator of `chip`, found in the lesson's file or the library. */
export function simulate(scope: Scope, chip: string): Simulator {
  return new Simulator(buildChip(chip, scope));
}

/** An oscillation in words: the top chip's wires (a bus by its name) first, the rest counted. */
export function describeOscillation(o: Oscillation): string {
  const own = [
    ...new Set(o.nets.filter((n) => !n.includes('/')).map((n) => n.replace(/\[\d+\]$/, ''))),
  ];
  const named = own.length > 0 ? own : o.nets.slice(0, 4);
  const covered = o.nets.filter((n) => named.includes(n.replace(/\[\d+\]$/, ''))).length;
  const rest = o.nets.length - covered;
  const more = rest > 0 ? ` and ${rest} more wire${rest === 1 ? '' : 's'}` : '';
  const verb = named.length === 1 && rest === 0 ? 'goes' : 'go';
  return `${named.join(', ')}${more} ${verb} round every ${o.period} time units`;
}

/** Breaks prose into lines of at most `width` characters. */
export function wrap(text: string, width = 88): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(' ')) {
        if (line !== '' && line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else {
          line = line === '' ? word : `${line} ${word}`;
        }
      }
      return [...lines, line].join('\n');
    })
    .join('\n');
}

/** Prose for a demo: wrapped, each line indented by two spaces. */
export function prose(text: string): string {
  return (
    wrap(text, 88)
      .split('\n')
      .map((l) => `  ${l}`.trimEnd())
      .join('\n') + '\n'
  );
}
