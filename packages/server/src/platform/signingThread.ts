import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';

// The thread's code: CommonJS evaluated as is, so it runs the same from source and from dist.
// Keys come once per kid and are kept; each message then carries only the input to sign.
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { sign } = require('node:crypto');
const keys = new Map();
parentPort.on('message', ({ id, kid, key, input }) => {
  try {
    if (key) keys.set(kid, key);
    parentPort.postMessage({ id, signature: sign('sha256', input, keys.get(kid)) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve(signature: Buffer): void;
  reject(error: Error): void;
}

/**
 * RSA-SHA256 signatures on a thread of their own, outside libuv's pool: a signature made while
 * password hashes fill the pool neither waits behind them nor blocks the event loop. Started on
 * first use; it keeps the process alive only while signatures are pending.
 */
export class SigningThread {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  /** The key object each kid was sent as (a kid names one key for good). */
  private readonly sent = new Map<string, KeyObject>();
  private nextId = 0;

  sign(input: Buffer, kid: string, key: KeyObject): Promise<Buffer> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const newKey = this.sent.get(kid) !== key;
    if (newKey) this.sent.set(kid, key);
    return new Promise<Buffer>((resolve, reject) => {
      // Kept alive while it owes answers, and never only for itself.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ id, kid, input, ...(newKey && { key }) });
      } catch (error) {
        this.pending.delete(id);
        if (this.pending.size === 0) worker.unref();
        if (newKey) this.sent.delete(kid);
        reject(error);
      }
    });
  }

  private start(): Worker {
    const worker = new Worker(THREAD_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', ({ id, signature, error }: { id: number; signature?: Uint8Array; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if (signature) waiting.resolve(Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength));
      else waiting.reject(new Error(`signing failed: ${error}`));
    });
    // A thread that died takes its keys and its pending signatures with it; the next use starts another.
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.sent.clear();
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the signing thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
