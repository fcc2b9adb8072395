/**
 * Lesson 14's checker: runs the student's scheduler.s for 0.5 s of emulated time and looks at
 * what the tasks left and what the core saw. PendSV's priority (the lowest, below SysTick);
 * PendSV's returns (how many, with which EXC_RETURN); each task's progress (its count, its LED);
 * each task's registers (the tasks check their own r4-r11 every time round and record what they
 * found changed); the tasks on the process stack (CONTROL.SPSEL at each LED change) with their
 * saved stack pointers inside their own stacks. A fault is caught at its handler and decoded.
 */
import type { Machine } from '../../chip/machine.ts';
import { PENDSV, SYSTICK } from '../../cpu/exceptions.ts';
import { hex32 } from '../../loader/error.ts';
import type { SymbolTable } from '../../loader/symbols.ts';
import type { CheckResult } from '../lesson.ts';
import { describeExcReturn, ExceptionWatch, excHex, reportFault } from '../machine/faults.ts';
import { labelAddress, runExercise, type LessonRun } from '../machine/run.ts';
import { PinTrace } from '../machine/trace.ts';
import { count, seconds, Verdict } from '../machine/verdict.ts';

const RUN_SECONDS = 0.5;
/** The lowest priority the STM32F7's 4 priority bits allow. */
export const LOWEST = 0xf0;
export const EXC_RETURN_THREAD_PSP = 0xffff_fffd;
/** The switches at least expected: SysTick pends PendSV every 1 ms. */
const MIN_SWITCHES = 100;

interface Task {
  name: 'A' | 'B';
  led: string;
  pin: string;
  tag: number;
  record: number;
  /** The task's stack: from `stack` up to `top`. */
  stack: number;
  top: number;
}

interface TaskRecord {
  count: number;
  errors: number;
  register: number;
  found: number;
  expected: number;
}

function readRecord(machine: Machine, at: number): TaskRecord {
  const word = (k: number) => machine.bus.read32(at + 4 * k) >>> 0;
  return { count: word(1), errors: word(2), register: word(3), found: word(4), expected: word(5) };
}

/** The labels the given code defines, or the first one missing. */
function findLabels(run: LessonRun): { tasks: Task[]; taskSp: number } | string {
  const names = [
    'task_a_record',
    'task_b_record',
    'task_a_stack',
    'task_a_top',
    'task_b_stack',
    'task_b_top',
    'task_sp',
  ];
  const at: Record<string, number> = {};
  for (const name of names) {
    const address = labelAddress(run, name);
    if (address === undefined) return name;
    at[name] = address;
  }
  const task = (name: 'A' | 'B', led: string, pin: string): Task => {
    const l = name.toLowerCase();
    return {
      name,
      led,
      pin,
      tag: name === 'A' ? 0xa000_0000 : 0xb000_0000,
      record: at[`task_${l}_record`],
      stack: at[`task_${l}_stack`],
      top: at[`task_${l}_top`],
    };
  };
  return { tasks: [task('A', 'LD1', 'PB0'), task('B', 'LD2', 'PB7')], taskSp: at.task_sp };
}

/** A priority byte: '0xF0'. */
const byte = (v: number) => `0x${v.toString(16).padStart(2, '0').toUpperCase()}`;

function checkPriority(verdict: Verdict, machine: Machine): void {
  const priority = machine.exceptions.priority;
  const pendsv = priority[PENDSV];
  const systick = priority[SYSTICK];
  const now = `PendSV ${byte(pendsv)}, SysTick ${byte(systick)}`;
  if (pendsv === LOWEST && systick < pendsv) {
    verdict.pass(`PendSV has the lowest priority, below SysTick (SHPR3: ${now}).`);
    return;
  }
  verdict.fail(
    `PendSV's priority is ${byte(pendsv)}, not the lowest (0xF0)`,
    `PendSV's priority is ${byte(pendsv)}: it should be the lowest, 0xF0, below ` +
      `SysTick's (SHPR3 now: ${now}).`,
    'PRI_14 is bits 23:16 of SHPR3 (0xE000ED20). At the lowest priority PendSV never preempts ' +
      'another handler: it runs when they have all returned, so that the stack it switches is ' +
      "a task's, and its EXC_RETURN goes back to Thread mode.",
  );
}

function checkReturns(verdict: Verdict, watch: ExceptionWatch): void {
  const pendsv = watch.returns.get(PENDSV);
  if (pendsv === undefined) {
    verdict.fail(
      'PendSV never returned',
      'PendSV never returned.',
      'SysTick should make it pending (ICSR.PENDSVSET) every 1 ms, and the handler end with ' +
        'bx lr, LR holding EXC_RETURN.',
    );
    return;
  }
  const last = pendsv.lastExcReturn;
  if (last !== EXC_RETURN_THREAD_PSP) {
    verdict.fail(
      `PendSV returned with EXC_RETURN ${excHex(last)}`,
      `PendSV returned with EXC_RETURN ${excHex(last)}: ${describeExcReturn(last)}.`,
      'A task runs in Thread mode on its own stack, the PSP: 0xFFFFFFFD. With it, the ' +
        "hardware pops the task's r0-r3, r12, lr, pc and xPSR from the PSP you set.",
    );
    return;
  }
  verdict.pass(
    `PendSV ran and returned ${count(pendsv.count)} times, with EXC_RETURN 0xFFFFFFFD ` +
      '(Thread mode, process stack).',
  );
}

function checkProgress(
  verdict: Verdict,
  machine: Machine,
  trace: PinTrace,
  tasks: Task[],
  switches: number,
): void {
  const lines: string[] = [];
  const stalled: string[] = [];
  for (const t of tasks) {
    const r = readRecord(machine, t.record);
    const toggles = trace.of(t.pin).length;
    lines.push(`task ${t.name} counted to ${count(r.count)} and toggled ${t.led} ${toggles} times`);
    if (r.count === 0 || toggles === 0) stalled.push(t.name);
  }
  if (stalled.length === 0 && switches >= MIN_SWITCHES) {
    verdict.pass(`Both tasks ran: ${lines.join('; ')}.`);
    return;
  }
  const who =
    stalled.length > 0 ? `${stalled.length > 1 ? 'tasks' : 'task'} ${stalled.join(' and ')}` : '';
  verdict.fail(
    stalled.length > 0 ? `${who} never got going` : 'the tasks were not switched',
    stalled.length > 0
      ? `${stalled.length > 1 ? 'Tasks' : 'Task'} ${stalled.join(' and ')} never got going: ` +
          `${lines.join('; ')}.`
      : `The tasks were switched only ${switches} times in ${seconds(machine.seconds)}.`,
    stalled.includes('B')
      ? 'Task B starts when PendSV first restores it: task_sp[1] points at its made-up ' +
          'context (r4-r11, then the frame with pc = task_b), so the handler must load it, pop ' +
          'r4-r11 from it and set the PSP to the rest.'
      : 'SysTick pends PendSV every 1 ms: each PendSV should hand the core to the other task.',
  );
}

function checkRegisters(
  verdict: Verdict,
  machine: Machine,
  tasks: Task[],
  symbols: SymbolTable,
): void {
  const wrong: string[] = [];
  for (const t of tasks) {
    const r = readRecord(machine, t.record);
    if (r.errors === 0) continue;
    const other = tasks.find((o) => o !== t)!;
    const reg = `r${r.register}`;
    const label = symbols.startingAt(r.found)[0];
    const whose =
      r.register >= 5 && r.found === other.tag + r.register
        ? ` (task ${other.name}'s ${reg})`
        : label !== undefined
          ? ` (the address of ${label.name})`
          : '';
    wrong.push(
      `Task ${t.name} found ${reg} = ${hex32(r.found)}${whose} where it had left ` +
        `${hex32(r.expected)}` +
        (r.errors > 1 ? `; it found registers changed ${count(r.errors)} times in all.` : '.'),
    );
  }
  if (wrong.length === 0) {
    verdict.pass('Every task found its r4-r11 as it left them, at every check.');
    return;
  }
  verdict.fail(
    'a task lost a register across a switch',
    'A task lost a register across a switch:',
    ...wrong,
    "The hardware saves r0-r3, r12, lr, pc and xPSR; r4-r11 are the handler's to save. " +
      "Push all eight on the old task's stack before using any of them, pop all eight from the " +
      "new task's, and keep the two in the same order (stmdb / ldmia).",
  );
}

function checkStacks(
  verdict: Verdict,
  machine: Machine,
  trace: PinTrace,
  tasks: Task[],
  taskSp: number,
): void {
  const wrong: string[] = [];
  const onMsp = trace.events.find((e) => e.ipsr === 0 && !e.onPsp);
  if (onMsp !== undefined) {
    wrong.push(
      `${onMsp.pin} changed at ${seconds(onMsp.atSeconds)} in Thread mode on the main stack ` +
        '(CONTROL.SPSEL = 0): a task runs on the MSP. EXC_RETURN 0xFFFFFFFD returns to the PSP.',
    );
  }
  tasks.forEach((t, k) => {
    const sp = machine.bus.read32(taskSp + 4 * k) >>> 0;
    if (sp !== 0 && (sp < t.stack || sp > t.top)) {
      wrong.push(
        `task_sp[${k}] is ${hex32(sp)}, outside task ${t.name}'s stack ` +
          `(${hex32(t.stack)}-${hex32(t.top)}): the control block should hold the PSP after ` +
          'the push.',
      );
    }
  });
  if (wrong.length === 0) {
    verdict.pass(
      'The tasks run on the process stack (CONTROL.SPSEL = 1), each on its own: the saved ' +
        'stack pointers lie inside their stacks.',
    );
  } else {
    verdict.fail("the tasks' stacks are wrong", "The tasks' stacks are wrong:", ...wrong);
  }
}

export async function check(source: string, file: string): Promise<CheckResult> {
  let trace: PinTrace | undefined;
  let watch: ExceptionWatch | undefined;
  const outcome = await runExercise(source, file, {
    maxSeconds: RUN_SECONDS,
    maxInstructions: 20e6,
    prepare(machine) {
      trace = new PinTrace(machine);
      watch = new ExceptionWatch(machine);
    },
  });
  if (!outcome.ok) return outcome.result;
  const { run } = outcome;
  const machine = run.machine;
  const verdict = new Verdict();
  const labels = findLabels(run);
  if (typeof labels === 'string') {
    verdict.fail(
      `no label ${labels}`,
      `The program has no label ${labels}: the checker reads the tasks' records and stacks ` +
        'by their labels.',
      "Keep the given part of scheduler.s as it is; only PendSV's handler and priority are " +
        'yours.',
    );
    return verdict.result('');
  }
  const { tasks, taskSp } = labels;
  const fault = watch!.fault;
  const returns = watch!.returns.get(PENDSV);
  const times = watch!.returnsOf(PENDSV);
  const faulted = reportFault(
    verdict,
    run,
    watch!,
    `The program faulted after ${times === 1 ? 'one switch' : `${count(times)} switches`}.`,
    returns?.lastExcReturn === EXC_RETURN_THREAD_PSP
      ? "A switch that leaves the PSP where no task's saved context is makes the hardware " +
          'pop garbage into pc and xPSR: check that the PSP you set points where the new ' +
          "task's r4-r11 end and its frame begins, and that the control block gets the PSP " +
          'after the push.'
      : '',
  );
  if (!faulted && run.stop.kind !== 'max-time') {
    verdict.fail(
      `the program stopped: ${run.stop.message}`,
      `The program stopped at ${seconds(machine.seconds)}: ${run.stop.message}.`,
      'The tasks run for ever, switched every millisecond.',
    );
  }
  checkPriority(verdict, machine);
  checkReturns(verdict, watch!);
  // After a fault the tasks stopped where it happened: their progress says nothing more.
  if (fault === null) checkProgress(verdict, machine, trace!, tasks, watch!.returnsOf(PENDSV));
  checkRegisters(verdict, machine, tasks, run.assembly.symbols);
  checkStacks(verdict, machine, trace!, tasks, taskSp);
  return verdict.result('two tasks switched by PendSV, their registers intact');
}
