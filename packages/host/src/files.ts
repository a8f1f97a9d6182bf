import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blake2_256, concatBytes, utf8 } from '@phalanx/crypto';
import { PhalanxError } from '@phalanx/errors';
import { generateMachineSecret, parseMachineSecret } from '@phalanx/pruntime';

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
 * file is copied too, which is why `sim` is labelled insecure.
 */
export function loadMachineSecret(path: string): Uint8Array {
  const existing = readFileIfExists(path);
  if (existing !== undefined) return parseMachineSecret(existing);
  const secret = generateMachineSecret();
  writeFileAtomic(path, secret);
  return secret;
}

/** Hash of the pRuntime build (its compiled files): the simulated measurement. */
export function pruntimeBuildHash(): Uint8Array {
  const entry = fileURLToPath(import.meta.resolve('@phalanx/pruntime'));
  const root = dirname(entry);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(root);
  if (files.length === 0) throw new PhalanxError('STORE', 'the pRuntime build has no files: run npm run build');
  return blake2_256(
    concatBytes(
      ...files.map((file) => concatBytes(utf8(file.slice(root.length)), blake2_256(new Uint8Array(readFileSync(file))))),
    ),
  );
}
