/**
 * The DOM helper shared by the inline scripts of the kitchen display and the waiter app (plain
 * ES2017 in a TS string, joined into each page's one function scope).
 */
export const DOM_HELPERS = String.raw`
/** Builds an element; text goes through textContent, so nothing from the API is ever parsed as HTML. */
function h(tag, attrs, kids) {
  var e = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    var v = attrs[k];
    if (v === null || v === undefined || v === false) return;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  });
  (kids || []).forEach(function (c) {
    if (c === null || c === undefined || c === false) return;
    e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  });
  return e;
}
`;
