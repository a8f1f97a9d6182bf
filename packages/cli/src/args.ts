import { type ParseArgsConfig, parseArgs } from 'node:util';
import { PhalanxError } from '@phalanx/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing: unknown flags and missing values are USAGE errors naming the command. */
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

export function parseCommandArgs<O extends Options>(command: string, args: readonly string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : 'invalid arguments';
    throw new PhalanxError('USAGE', `${command}: ${reason} (see "phalanx ${command} --help")`);
  }
}

export function usageError(message: string): PhalanxError {
  return new PhalanxError('USAGE', message);
}
