/** The change-log generator lives in scripts/ (the sync bench uses it too). */
export { fillLog, type FillOptions } from '../../scripts/sync/fill-log.js';
