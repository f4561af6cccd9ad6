// The layout check the e2e layout tests run in the page (tests/e2e/layout.rs). Argument 0: the
// CSS selector of the tab's root; argument 1: whether every seed column must be visible.
// Returns a list of problems, empty when the layout holds.
const root = document.querySelector(arguments[0]);
const wantColumns = arguments[1];
const problems = [];
const de = document.documentElement;
const vw = de.clientWidth;
if (de.scrollWidth > vw + 1) {
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 1 && wide.length < 3) {
      wide.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} ends at ${Math.round(r.right)}`);
    }
  }
  problems.push(`the page scrolls sideways: ${de.scrollWidth} px of content in ${vw} px (${wide.join('; ')})`);
}
if (!root) return problems.concat([`no ${arguments[0]} on the page`]);

const visible = (el) => {
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'
    && !el.closest('[hidden], [inert], .visually-hidden');
};
// Whether `r` lies inside every clipping ancestor of `el` (overflow other than visible), and
// inside the window.
const clipped = (el, r) => {
  if (r.left < -0.5 || r.right > vw + 0.5) return 'the window';
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const cs = getComputedStyle(a);
    if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
    const b = a.getBoundingClientRect();
    const left = b.left + a.clientLeft, top = b.top + a.clientTop;
    const right = left + a.clientWidth, bottom = top + a.clientHeight;
    if (r.left < left - 0.5 || r.right > right + 0.5 || r.top < top - 0.5 || r.bottom > bottom + 0.5) {
      return `${a.tagName.toLowerCase()}.${a.getAttribute('class') || ''}`;
    }
  }
  return null;
};
const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.getAttribute('class') || ''} "${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30)}"`;

// Seed columns: each header is inside the table's visible box and the window.
if (wantColumns) {
  const heads = ['user', 'username', 'access', 'active', 'upstream', 'state'];
  for (const h of heads) {
    const th = root.querySelector(`thead .users-table__cell--${h}`);
    if (!th || !visible(th)) { problems.push(`the ${h} column has no visible header`); continue; }
    const where = clipped(th, th.getBoundingClientRect());
    if (where) problems.push(`the ${h} column is cut off by ${where}`);
  }
}

// Interactive elements: none overlaps another, and a focus outline (2 px + 2 px offset) fits
// inside whatever clips it. Elements scrolled out of their scroller's view are skipped: focus
// scrolls them into view.
// An open layer (the modal drawer, a popup panel) sits above the page: its elements are checked
// among themselves, and what it covers is out of reach anyway.
const LAYERS = '.drawer--modal .drawer__panel, .state-filter__panel:not([hidden]), .column-chooser__panel:not([hidden]), dialog[open], [role="alertdialog"]';
const layers = [...document.querySelectorAll(LAYERS)].filter(visible);
const scope = layers.length ? layers[layers.length - 1] : root;
// A panel that floats over the page (a disclosure's, the drawer, a dialog's) lies inside the
// window, the page's scrollbar excluded: its controls must be reachable, and none of it is cut.
const PANELS = '.disclosure__panel, .drawer__panel, .confirm-dialog__panel';
for (const layer of [...document.querySelectorAll(PANELS)].filter(visible)) {
  const r = layer.getBoundingClientRect();
  if (r.left < -0.5 || r.right > vw + 0.5) problems.push(`${name(layer)} reaches past the window (${Math.round(r.left)}–${Math.round(r.right)} px)`);
}
const interactive = [...scope.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')]
  .filter(visible);
const boxes = [];
for (const el of interactive) {
  const r = el.getBoundingClientRect();
  const inView = !clipped(el, r);
  if (inView) {
    const ring = { left: r.left - 4, right: r.right + 4, top: r.top - 4, bottom: r.bottom + 4 };
    const where = clipped(el, ring);
    // The window's own edge is not a clip for the ring when the element itself touches it.
    if (where && where !== 'the window') problems.push(`the focus outline of ${name(el)} is clipped by ${where}`);
    boxes.push([el, r]);
  }
}
for (let i = 0; i < boxes.length; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (w > 1 && h > 1) problems.push(`${name(a)} overlaps ${name(b)} by ${Math.round(w)}x${Math.round(h)} px`);
  }
}
return problems.slice(0, 12);
