export { invalidWasm, WasmReader, WasmWriter } from './bytes.js';
export { DEFAULT_SCHEDULE, type GasSchedule } from './costs.js';
export { type GasInstrumentation, instrumentForGas, PHALANX_GAS } from './instrument.js';
export { type FuncType, readImports, readSections, readTypes, SECTION, type Section } from './module.js';
export { FRAME_UNITS, instrumentForStack, PHALANX_STACK, type StackInstrumentation } from './stack.js';
