/**
 * Lesson 14's walkthrough runs scheduler.elf for a second: its LED tasks toggle every 100, 250
 * and 500 ms (scheduler/main.c), PendSV sits at 0xF0 and SysTick at 0xE0 (kernel.c); then
 * rtic-style.elf to its end.
 */
import { describe, expect, it } from 'vitest';

import { lessonContext } from '../library.ts';
import { programFromDisk, readFromDisk } from '../test-files.ts';
import { walkthrough } from './walkthrough.ts';

/** The text with its line breaks and indents as single spaces, for sentences that wrap. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('lesson 14 walkthrough', () => {
  it('runs the kernel and the NVIC-scheduled tasks', async () => {
    const text = await walkthrough(lessonContext('14-scheduler', readFromDisk, programFromDisk));
    expect(flat(text)).toContain('1 s: toggles LD1 10, LD2 4, LD3 2');
    expect(flat(text)).toContain('LD1, LD2 and LD3 toggled 10, 4, 2 times');
    expect(flat(text)).toContain("PendSV's priority is 0xF0, the lowest; SysTick's 0xE0");
    expect(flat(text)).toContain('main: all tasks done');
  });
});
