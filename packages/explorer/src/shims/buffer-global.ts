// The lower packages use Node's global `Buffer` for hex and comparisons; in the browser the
// `buffer` package (the same API) stands in. Imported first by the app's entry, so it is set
// before any of them runs.
import { Buffer } from 'buffer';

(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
