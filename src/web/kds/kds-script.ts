import { DOM_HELPERS } from '../script-dom.js';
import { KDS_CORE } from './kds-script-core.js';
import { KDS_LIVE } from './kds-script-live.js';
import { KDS_RENDER } from './kds-script-render.js';

/** The kitchen display's script: the three parts share one function scope, then the page routes itself. */
export const KDS_SCRIPT = `
(function () {
'use strict';
${DOM_HELPERS}
${KDS_CORE}
${KDS_LIVE}
${KDS_RENDER}
route();
})();
`;
