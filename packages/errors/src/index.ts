export { ERROR_CODES, type ErrorCode, isErrorCode, rpcErrorCode } from './codes.js';
export { type ErrorDetails, PhalanxError, type PhalanxErrorOptions, isPhalanxError } from './phalanx-error.js';
export { assertBytes, assertInteger, assertMaxLength, assertString, describeType, invariant } from './assert.js';
