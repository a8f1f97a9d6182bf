/**
 * TCB status → confidence level (spec 001: 1 is best; gatekeepers need 1 or 2). Intel's statuses
 * say how far the platform's TCB is behind; Phala grades workers the same way.
 *
 *   UpToDate                                      → 1
 *   SWHardeningNeeded                             → 2  (mitigations are up to the enclave software)
 *   ConfigurationNeeded, ConfigurationAndSWHardeningNeeded → 3  (BIOS/platform configuration issues)
 *   OutOfDate, OutOfDateConfigurationNeeded       → 4  (known, unpatched microcode or firmware)
 *   Revoked and anything unknown                  → not attested (no level)
 * Level 5 is what a software-only simulator gets: insecure, for development.
 */
export const TCB_CONFIDENCE: Readonly<Record<string, number>> = {
  UpToDate: 1,
  SWHardeningNeeded: 2,
  ConfigurationNeeded: 3,
  ConfigurationAndSWHardeningNeeded: 3,
  OutOfDate: 4,
  OutOfDateConfigurationNeeded: 4,
};

/** The confidence level given to the insecure software simulator. */
export const SIMULATOR_CONFIDENCE = 5;

export function confidenceOf(status: string): number | undefined {
  return Object.hasOwn(TCB_CONFIDENCE, status) ? TCB_CONFIDENCE[status] : undefined;
}
