/**
 * Browser code of the trace page (inlined into it): step through a counterexample with buttons,
 * the keyboard (← → j k, Home, End) or a click on a row of the diagram; `#step=N` in the URL
 * follows the current step, so a link can point at one step.
 */
export const TRACE_PAGE_SCRIPT = String.raw`
var data = JSON.parse(document.getElementById('trace-data').textContent);
var last = data.steps.length - 1;
var cur = -1;
var $ = function (id) { return document.getElementById(id); };
var diagram = $('diagram');

function stepFromHash() {
  var m = /(?:^#|&)step=(\d+)/.exec(location.hash);
  if (!m) return 0;
  return Math.max(0, Math.min(last, Number(m[1])));
}

function show(n, scroll) {
  n = Math.max(0, Math.min(last, n));
  cur = n;
  var st = data.steps[n];
  $('pos').textContent = 'Step ' + n + ' of ' + last;
  $('first').disabled = $('prev').disabled = n === 0;
  $('next').disabled = $('last').disabled = n === last;
  $('action').textContent = n === 0 ? 'Init: the initial state' : n + '. ' + st.action;
  var banner = $('banner');
  banner.className = 'banner';
  banner.textContent = '';
  if (n === last) {
    banner.className = 'banner ' + (data.verdict === 'violated' ? 'bad' : 'good');
    banner.textContent = data.verdict === 'violated'
      ? '✗ ' + data.property + ' is violated in this state' + (data.propertyDoc ? ': ' + data.propertyDoc : '')
      : '✓ ' + data.property + ' is reached in this state' + (data.propertyDoc ? ': ' + data.propertyDoc : '');
  }
  var list = $('changes');
  list.textContent = '';
  if (st.changes.length === 0) list.appendChild(FL.el('li', 'none', n === 0 ? 'the initial state' : 'no field changed'));
  st.marks.forEach(function (m) { list.appendChild(FL.el('li', 'mark', m)); });
  st.changes.forEach(function (c) { list.appendChild(FL.el('li', null, c)); });
  FL.showProps($('props'), data.properties, data.status[n], n === last ? data.property : null);
  FL.showState($('state'), data.states[n], st.highlight);
  FL.markRow(diagram, n, scroll);
  var want = '#step=' + n;
  if (location.hash !== want) history.replaceState(null, '', want);
}

$('first').onclick = function () { show(0, true); };
$('prev').onclick = function () { show(cur - 1, true); };
$('next').onclick = function () { show(cur + 1, true); };
$('last').onclick = function () { show(last, true); };
diagram.addEventListener('click', function (ev) {
  var g = ev.target.closest ? ev.target.closest('g.row') : null;
  if (g) show(Number(g.getAttribute('data-step')), false);
});
document.addEventListener('keydown', function (ev) {
  if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
  var k = ev.key;
  if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'j' || k === 'n') show(cur + 1, true);
  else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'k' || k === 'p') show(cur - 1, true);
  else if (k === 'Home') show(0, true);
  else if (k === 'End') show(last, true);
  else return;
  ev.preventDefault();
});
window.addEventListener('hashchange', function () { var n = stepFromHash(); if (n !== cur) show(n, true); });
show(location.hash ? stepFromHash() : 0, true);
`
