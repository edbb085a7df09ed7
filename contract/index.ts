/**
 * The neutral contract module: kodex facts both the suite and the stand import and neither owns.
 * The suite never imports `stand/**` (outside tests/stand and the mutation check); the stand never imports
 * `helpers/`, `fixtures/` or `pages/`. They meet here, over HTTP, the database and the Kubernetes API.
 */
export * from './kodex.js';
export * from './token-format.js';
export * from './faults.js';
