export { assertBytes, assertInteger, assertMaxLength, assertString, describeType, invariant } from './assert.js';
export { ERROR_CODES, type ErrorCode, isErrorCode, rpcErrorCode } from './codes.js';
export { type ErrorDetails, isPhalanxError, PhalanxError, type PhalanxErrorOptions } from './phalanx-error.js';
