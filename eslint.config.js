import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The core runs in a browser too: no Node-only API below the CLI (nor in the GDB server's
    // protocol and framing, which a WebSocket can carry; its TCP socket is gdb/tcp.ts).
    files: ['cpu/**', 'memory/**', 'chip/**', 'loader/**', 'time/**', 'peripherals/**', 'gdb/**'],
    ignores: ['**/*.test.ts', 'gdb/tcp.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        // Nothing below the user interfaces imports them.
        {
          patterns: ['node:*', 'fs', 'path', 'os', 'child_process', 'net', '../ui/*', '../../ui/*'],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    // The core sees a bus, never a chip, a loader or a user interface.
    files: ['cpu/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'path',
            'os',
            'child_process',
            'net',
            '../chip/*',
            '../memory/*',
            '../loader/*',
            '../cli/*',
            '../ui/*',
            '../../chip/*',
            '../../memory/*',
            '../../loader/*',
          ],
        },
      ],
    },
  },
  {
    // Peripherals get an IRQ line and their clocks through their constructor: they never
    // import the core, the chip wiring or a user interface.
    files: ['peripherals/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'path',
            'os',
            'child_process',
            'net',
            '../cpu/*',
            '../chip/*',
            '../ui/*',
            '../cli/*',
          ],
        },
      ],
    },
  },
);
