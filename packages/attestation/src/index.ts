export { confidenceOf, SIMULATOR_CONFIDENCE, TCB_CONFIDENCE } from './confidence.js';
export { type AttestationReport, MAX_COLLATERAL_BYTES, MAX_QUOTE_BYTES, parseCollateral, verifyDcapQuote } from './dcap.js';
export { sgxMeasurement, simMeasurement, tdxMeasurement } from './measurement.js';
