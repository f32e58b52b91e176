#!/usr/bin/env node
// Signing and password hashing run on libuv's thread pool; its default of 4 threads on a 2-core
// machine pre-empts the event loop. The size must be set before the pool starts, and loading ES
// modules starts it, so this CommonJS entry sets it first. An operator's own value wins.
process.env.UV_THREADPOOL_SIZE ??= String(require('node:os').availableParallelism());
import('../dist/cli/main.js');
