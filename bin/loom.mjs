#!/usr/bin/env node
// The `loom` command: runs the TypeScript sources through tsx, so `npx loom` works right after
// `npm ci` with no build step. tsconfig.json's "paths" only serve the type checker (they point
// keystone-wasm and capstone-wasm at their .d.ts files), so tsx must not resolve through them.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register({ tsconfig: false });
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
