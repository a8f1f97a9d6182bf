export {
  DSTACK_PROBE_REPORT_DATA,
  DSTACK_SEALING_LABEL,
  DSTACK_SEALING_PATH,
  DSTACK_SEALING_PURPOSE,
  type DstackAgent,
  type DstackAgentInfo,
  type DstackQuote,
  DstackTee,
  type DstackTeeOptions,
} from './dstack.js';
export {
  BUILD_HASH_LENGTH,
  generateMachineSecret,
  MACHINE_SECRET_LENGTH,
  parseMachineSecret,
  SIM_SEALING_LABEL,
  SIM_TEE_WARNING,
  SimTee,
  type SimTeeOptions,
} from './sim.js';
export { assertReportData, TEE_LENGTHS, type Tee, type TeeBackendKind } from './tee.js';
