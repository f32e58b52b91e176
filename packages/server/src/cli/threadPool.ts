import { availableParallelism } from 'node:os';

// Signing and password hashing run on libuv's pool. Its default of 4 threads on a 2-core machine
// pre-empts the event loop; one thread per core serves more requests. Must run before the pool is
// first used, hence a module imported first. An operator's own UV_THREADPOOL_SIZE wins.
process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism());
