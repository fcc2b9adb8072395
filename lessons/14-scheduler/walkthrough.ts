/**
 * Lesson 14's walkthrough: scheduler.elf (firmware/scheduler/) run headless for a second, with
 * what its tasks printed, how often each LED toggled, how many context switches PendSV made and
 * at which priorities; its PendSV handler; then rtic-style.elf, the same idea done by the NVIC.
 */
import { PENDSV, SYSTICK } from '../../cpu/exceptions.ts';
import type { LessonContext } from '../lesson.ts';
import { ExceptionWatch } from '../machine/faults.ts';
import { runFirmware, runItYourself } from '../machine/firmware.ts';
import { count, seconds } from '../machine/verdict.ts';
import { heading, listing, prose } from '../present.ts';

const SCHEDULER = 'firmware/build/scheduler.elf';
const RTIC = 'firmware/build/rtic-style.elf';

/** kernel.c's PendSV_Handler, without the FP registers' two lines each way. */
const PENDSV_HANDLER = [
  '  ldr r3, =current_task',
  '  ldr r2, [r3]',
  '  cbz r2, 1f               @ the first switch: nothing to save',
  "  mrs r0, psp              @ the running task's stack",
  '  stmdb r0!, {r4-r11, lr}  @ its r4-r11 (and EXC_RETURN), below the frame',
  '  str r0, [r2]             @ current_task->sp',
  '1:',
  '  cpsid i',
  '  bl kernel_next           @ C: the next task; returns its saved sp',
  '  cpsie i',
  '  ldmia r0!, {r4-r11, lr}  @ its r4-r11 and EXC_RETURN',
  '  msr psp, r0              @ the hardware pops the rest',
  '  bx lr',
].join('\n');

const indented = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n') + '\n';

async function scheduler(context: LessonContext): Promise<string> {
  let watch: ExceptionWatch | undefined;
  const run = await runFirmware(context, SCHEDULER, {
    seconds: 1.05,
    prepare: (machine) => (watch = new ExceptionWatch(machine)),
  });
  if (run === undefined) return prose(runItYourself(`run ${SCHEDULER} --max-time 2 --trace-gpio`));
  const { machine, trace } = run;
  const priority = machine.exceptions.priority;
  const toggles = ['PB0', 'PB7', 'PB14'].map((pin) => trace.of(pin).length);
  let out = prose(
    `Run here for ${seconds(machine.seconds)} at 216 MHz, it printed on the console:`,
  );
  out += '\n' + indented(run.console.text) + '\n';
  out += prose(
    `LD1, LD2 and LD3 toggled ${toggles.join(', ')} times. PendSV ran ` +
      `${count(watch!.returnsOf(PENDSV))} times, a switch each time; SysTick ran ` +
      `${count(watch!.returnsOf(SYSTICK))} times. PendSV's priority is 0x${priority[PENDSV].toString(16).toUpperCase()}, the ` +
      `lowest; SysTick's 0x${priority[SYSTICK].toString(16).toUpperCase()}, just above it: a ` +
      "switch waits until every other handler has returned, and then always finds a task's " +
      'frame on the PSP.',
  );
  return out;
}

async function rtic(context: LessonContext): Promise<string> {
  const run = await runFirmware(context, RTIC, { seconds: 1 });
  if (run === undefined) return prose(runItYourself(`run ${RTIC} --trace-gpio`));
  return prose('Run here, it printed:') + '\n' + indented(run.console.text);
}

export async function walkthrough(context: LessonContext): Promise<string> {
  let out = heading('A kernel in a page');
  out += prose(
    'firmware/scheduler/ runs five tasks on one core: three blink the LEDs (every 100, 250 ' +
      'and 500 ms), one prints a report every second, one sleeps in WFI. Each task has its own ' +
      'stack, and a control block that holds its saved stack pointer and its priority. ' +
      'SysTick counts milliseconds and wakes the sleepers; when a task that should run now is ' +
      'not the one running, it makes PendSV pending (ICSR.PENDSVSET). PendSV is the switch.',
  );
  out += '\n' + (await scheduler(context));
  out += heading('The context switch');
  out += prose(
    "When PendSV is taken, the hardware has already pushed the running task's r0-r3, r12, " +
      'lr, pc and xPSR on its stack, the PSP (ARMv7-M ARM B1.5.6). The handler pushes the rest ' +
      "below them, keeps the stack pointer in the task's control block, asks which task is " +
      'next, and does it all backwards for that one (kernel.c, abridged):',
  );
  out += '\n' + listing('PendSV_Handler', PENDSV_HANDLER);
  out += prose(
    'bx lr with 0xFFFFFFFD in LR returns to Thread mode on the PSP: the hardware pops the new ' +
      "task's frame and the task goes on from where it was preempted, or, the first time, " +
      'from the start of its function: task_create made its stack look as if it had been ' +
      'preempted there.',
  );
  out += heading('The same idea in hardware');
  out += prose(
    'The NVIC already chooses what runs by priority. firmware/rtic-style.c makes each task the ' +
      "handler of an unused interrupt (SPI4, SPI5, SPI6), gives it that interrupt's priority, " +
      'and starts a task by making its interrupt pending: a more urgent task preempts a less ' +
      'urgent one at once, a less urgent one waits, and BASEPRI locks out only the tasks that ' +
      'share a resource. No stacks of their own, no kernel: the frames nest on the main stack.',
  );
  out += '\n' + (await rtic(context));
  return out;
}
