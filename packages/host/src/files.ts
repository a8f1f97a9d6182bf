import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { randomBytes } from '@phalanx/crypto';
import { MACHINE_SECRET_LENGTH } from '@phalanx/pruntime/ecall';

/** Writes a file atomically and durably: temp file, fsync, rename (a crash leaves old or new, never half). */
export function writeFileAtomic(path: string, data: Uint8Array): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export function readFileIfExists(path: string): Uint8Array | undefined {
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
}

/**
 * The per-machine secret the `sim` TEE derives its sealing key from (what a CPU's fused key is to
 * SGX). Made once; a copy of the data dir on another machine has no use without it… unless this
 * file is copied too, which is why `sim` is labelled insecure. The enclave checks the bytes.
 */
export function loadMachineSecret(path: string): Uint8Array {
  const existing = readFileIfExists(path);
  if (existing !== undefined) return existing;
  const secret = randomBytes(MACHINE_SECRET_LENGTH);
  writeFileAtomic(path, secret);
  return secret;
}
