/**
 * Kept only for verify-install, which another change converts: the transfer pipeline now lives
 * in src/transfer/ and its command-side wiring in ./shared.ts. Delete this file once
 * verify-install imports from those.
 */
export { downloadCheck } from '../../transfer/download.js';
export type { ImageSource } from '../../transfer/source.js';
export { findImageSource, uploadAndVerify } from './shared.js';
