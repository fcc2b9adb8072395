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
    // The core runs in a browser too: no Node-only API below the CLI.
    files: ['cpu/**', 'memory/**', 'chip/**', 'loader/**', 'time/**', 'peripherals/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fs', 'path', 'os', 'child_process', 'net'] },
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
