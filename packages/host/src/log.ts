/** What the host logs through (facts only: heights, hashes, codes — never secrets or plaintext). */
export interface HostLogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
}
