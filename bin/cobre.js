#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (no build step), so `npx cobre …` and
// `npm start` work straight after `npm install`.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
