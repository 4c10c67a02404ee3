/**
 * Browser code of the explorer page (inlined into it). The URL holds the path of action indices
 * (`?path=0.2.1`), so a link reproduces the state; the page asks the local server for the state at
 * the end of the path and draws it. Keys: ← back, → forward, 0-9 choose an action.
 */
export const EXPLORER_PAGE_SCRIPT = String.raw`
var $ = function (id) { return document.getElementById(id); };
var current = null;
var forward = [];
var loading = 0;

function pathFromUrl() {
  var p = new URLSearchParams(location.search).get('path');
  return p === null ? '0' : p;
}

function go(path, push) {
  if (push) history.pushState(null, '', '?path=' + path);
  load(path);
}

function load(path) {
  var ticket = ++loading;
  fetch('api/state?path=' + encodeURIComponent(path)).then(function (r) {
    return r.json().then(function (body) { return { ok: r.ok, body: body }; });
  }).then(function (res) {
    if (ticket !== loading) return;
    if (!res.ok) { showError(res.body.error || 'the server could not answer'); return; }
    $('error').textContent = '';
    render(res.body);
  }).catch(function (err) {
    if (ticket === loading) showError('cannot reach the explorer server: ' + err.message);
  });
}

function showError(message) {
  var box = $('error');
  box.textContent = '';
  box.appendChild(FL.el('div', null, message));
  var a = FL.el('a', null, 'go to the initial state');
  a.href = '?path=0';
  box.appendChild(a);
  document.body.dataset.state = 'error';
}

function render(v) {
  current = v;
  document.body.dataset.state = 'ready';
  document.body.dataset.path = v.path;
  $('depth').textContent = v.depth === 0 ? 'Initial state' : 'Depth ' + v.depth;
  $('back').disabled = v.depth === 0;
  $('fwd').disabled = forward.length === 0;
  var link = $('link');
  link.href = '?path=' + v.path;
  link.textContent = location.origin + location.pathname + '?path=' + v.path;
  $('title').textContent = v.depth === 0 ? 'Init' : v.depth + '. ' + v.steps[v.steps.length - 1].action;
  var list = $('changes');
  list.textContent = '';
  if (v.changes.length === 0) list.appendChild(FL.el('li', 'none', v.depth === 0 ? 'the initial state' : 'no field changed'));
  v.marks.forEach(function (m) { list.appendChild(FL.el('li', 'mark', m)); });
  v.changes.forEach(function (c) { list.appendChild(FL.el('li', null, c)); });
  var banner = $('banner');
  var broken = v.properties.filter(function (p, i) { return p.kind === 'always' && v.status[i] !== true; });
  banner.className = 'banner' + (broken.length ? ' bad' : v.within ? '' : ' info');
  banner.textContent = broken.length
    ? '✗ violated in this state: ' + broken.map(function (p) { return p.name; }).join(', ')
    : v.within ? '' : 'This state is outside the model\'s state constraint: a search neither counts nor expands it.';
  FL.showProps($('props'), v.properties, v.status, null);
  FL.showState($('state'), v.state, v.highlight);
  var acts = $('actions');
  acts.textContent = '';
  if (v.depth === 0 && v.inits > 1) {
    var pick = FL.el('div', 'inits', 'Initial state: ');
    for (var k = 0; k < v.inits; k++) {
      var ib = FL.el('button', String(k) === v.path ? 'init current' : 'init', '#' + k);
      ib.dataset.init = String(k);
      ib.onclick = (function (k) { return function () { forward = []; go(String(k), true); }; })(k);
      pick.appendChild(ib);
    }
    acts.appendChild(pick);
  }
  if (v.actions.length === 0) acts.appendChild(FL.el('div', 'none', 'No action is enabled: a deadlock (or the end of the protocol).'));
  v.actions.forEach(function (a) {
    var b = FL.el('button', a.breaks.length ? 'breaks' : a.outside ? 'outside' : '');
    b.dataset.index = String(a.index);
    b.appendChild(FL.el('span', 'idx', a.index));
    b.appendChild(FL.el('span', 'label', a.label));
    var eff = a.error ? 'model error: ' + a.error
      : (a.breaks.length ? '✗ breaks ' + a.breaks.join(', ') + ' · ' : '') + (a.outside ? '(outside the state constraint) ' : '') + (a.changes.join('; ') || 'no field changes');
    b.appendChild(FL.el('span', 'eff', eff));
    b.onclick = function () { choose(a.index); };
    acts.appendChild(b);
  });
  var d = $('diagram');
  d.innerHTML = v.svg;
  FL.markRow(d, v.depth, true);
}

function choose(i) {
  if (!current) return;
  forward = [];
  go(current.path + '.' + i, true);
}
function back() {
  if (!current || current.depth === 0) return;
  var parts = current.path.split('.');
  forward.push(parts.pop());
  go(parts.join('.'), true);
}
function fwd() {
  if (!current || forward.length === 0) return;
  go(current.path + '.' + forward.pop(), true);
}

$('back').onclick = back;
$('fwd').onclick = fwd;
$('diagram').addEventListener('click', function (ev) {
  var g = ev.target.closest ? ev.target.closest('g.row') : null;
  if (!g || !current) return;
  var n = Number(g.getAttribute('data-step'));
  if (n >= current.depth) return;
  forward = [];
  go(current.path.split('.').slice(0, n + 1).join('.'), true);
});
document.addEventListener('keydown', function (ev) {
  if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
  if (ev.key === 'ArrowLeft') back();
  else if (ev.key === 'ArrowRight') fwd();
  else if (/^[0-9]$/.test(ev.key) && current && Number(ev.key) < current.actions.length) choose(Number(ev.key));
  else return;
  ev.preventDefault();
});
window.addEventListener('popstate', function () { forward = []; load(pathFromUrl()); });

function pollCheck() {
  fetch('api/check').then(function (r) { return r.json(); }).then(function (c) {
    var box = $('check');
    box.textContent = '';
    box.dataset.status = c.status;
    box.appendChild(FL.el('div', 'check-status', c.summary));
    (c.jumps || []).forEach(function (j) {
      var b = FL.el('button', 'jump' + (j.kind === 'witness' ? ' witness' : ''),
        (j.kind === 'witness' ? '✓ show ' + j.property + ' reached' : '✗ jump to counterexample: ' + j.property + ' violated') + ' (' + j.length + ' step' + (j.length === 1 ? '' : 's') + ')');
      b.dataset.path = j.path;
      b.dataset.kind = j.kind;
      b.onclick = function () { forward = []; go(j.path, true); };
      box.appendChild(b);
    });
    if (c.status === 'running') setTimeout(pollCheck, 1000);
  }).catch(function () { setTimeout(pollCheck, 3000); });
}

load(pathFromUrl());
pollCheck();
`
