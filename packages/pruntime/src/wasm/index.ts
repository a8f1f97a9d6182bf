export { invalidWasm, WasmReader, WasmWriter } from './bytes.js';
export { DEFAULT_SCHEDULE, type GasSchedule } from './costs.js';
export { type GasInstrumentation, instrumentForGas, PHALANX_GAS } from './instrument.js';
export { readImports, readSections, SECTION, type Section } from './module.js';
