/**
 * Browser code shared by the trace page and the explorer, as a string inlined into each page (the
 * pages are self-contained: no file, server or CDN is fetched for them). Plain ES2020, no
 * template literals. Model text only ever reaches the page through `textContent`, never `innerHTML`;
 * the one `innerHTML` is the diagram, which the server escapes when it draws it.
 */
export const COMMON_SCRIPT = String.raw`
var FL = {};
FL.el = function (tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
};
FL.isRecord = function (v) { return v !== null && typeof v === 'object' && !Array.isArray(v); };
FL.brief = function (v) {
  if (typeof v === 'string') return /^[\w.:-]+$/.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(FL.brief).join(', ') + ']';
  if (FL.isRecord(v)) return '{' + Object.keys(v).map(function (k) { return k + ': ' + FL.brief(v[k]); }).join(', ') + '}';
  return String(v);
};
FL.isFlat = function (v) {
  return Array.isArray(v) && v.every(function (x) { return x === null || typeof x !== 'object'; }) && FL.brief(v).length <= 80;
};
// The state as a tree. Paths are written the way the trace's diffs write them: a.b[2].c
FL.tree = function (value, path) {
  if (Array.isArray(value)) {
    if (value.length === 0) { var e0 = FL.el('span', 'v empty', '[]'); e0.dataset.path = path; return e0; }
    if (FL.isFlat(value)) {
      var row = FL.el('span', 'v flat');
      row.dataset.path = path;
      row.appendChild(document.createTextNode('['));
      value.forEach(function (x, i) {
        if (i > 0) row.appendChild(document.createTextNode(', '));
        var item = FL.el('span', 'v item ' + typeof x, FL.brief(x));
        item.dataset.path = path + '[' + i + ']';
        row.appendChild(item);
      });
      row.appendChild(document.createTextNode(']'));
      return row;
    }
    var list = FL.el('div', 'v list');
    list.dataset.path = path;
    value.forEach(function (x, i) {
      var line = FL.el('div', 'kv');
      line.appendChild(FL.el('span', 'k', '[' + i + ']'));
      line.appendChild(FL.tree(x, path + '[' + i + ']'));
      list.appendChild(line);
    });
    return list;
  }
  if (FL.isRecord(value)) {
    var keys = Object.keys(value);
    var box = FL.el('div', 'v rec');
    box.dataset.path = path;
    if (keys.length === 0) box.textContent = '{}';
    keys.forEach(function (k) {
      var line = FL.el('div', 'kv');
      line.appendChild(FL.el('span', 'k', k));
      line.appendChild(FL.tree(value[k], path === '' ? k : path + '.' + k));
      box.appendChild(line);
    });
    return box;
  }
  var leaf = FL.el('span', 'v ' + (value === null ? 'null' : typeof value), FL.brief(value));
  leaf.dataset.path = path;
  return leaf;
};
// Draws the state into 'box', marking the fields at 'changed' (a list of {path, before}).
FL.showState = function (box, state, changed) {
  box.textContent = '';
  box.appendChild(FL.tree(state, ''));
  var marked = 0;
  (changed || []).forEach(function (c) {
    var nodes = box.querySelectorAll('[data-path]');
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (n.dataset.path !== c.path) continue;
      n.classList.add('changed');
      if (c.before !== undefined) n.title = 'was: ' + c.before;
      var p = n.parentElement;
      while (p && p !== box) { if (p.classList.contains('kv')) p.classList.add('has-changed'); p = p.parentElement; }
      marked++;
    }
  });
  return marked;
};
FL.showProps = function (table, props, status, last) {
  table.textContent = '';
  props.forEach(function (p, i) {
    var ok = status[i];
    var tr = FL.el('tr');
    var word, cls;
    if (ok === null) { word = 'threw'; cls = 'bad'; }
    else if (p.kind === 'always') { word = ok ? 'holds' : 'violated'; cls = ok ? 'good' : 'bad'; }
    else { word = ok ? 'reached' : 'not here'; cls = ok ? 'good' : 'quiet'; }
    if (last && last === p.name) tr.className = 'target';
    tr.appendChild(FL.el('td', 'mark ' + cls, cls === 'good' ? '✓' : cls === 'bad' ? '✗' : '·'));
    var name = FL.el('td', 'pname', p.name);
    if (p.doc) name.title = p.doc;
    tr.appendChild(name);
    tr.appendChild(FL.el('td', 'pkind', p.kind));
    tr.appendChild(FL.el('td', 'pstatus ' + cls, word));
    table.appendChild(tr);
  });
};
// Highlights row 'n' of the diagram inside 'box' and the arrows that start or end there.
FL.markRow = function (box, n, scroll) {
  var rows = box.querySelectorAll('g.row');
  for (var i = 0; i < rows.length; i++) {
    var on = rows[i].getAttribute('data-step') === String(n);
    rows[i].classList.toggle('current', on);
    if (on && scroll) {
      var r = rows[i].getBoundingClientRect(), b = box.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - b.height / 3;
    }
  }
  var arrows = box.querySelectorAll('g.arrow');
  for (var j = 0; j < arrows.length; j++) {
    var a = arrows[j];
    a.classList.toggle('active', a.getAttribute('data-end') === String(n) || a.getAttribute('data-sent') === String(n));
  }
};
`

/** The stylesheet shared by the pages. */
export const PAGE_STYLE = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1f24; background: #f3f4f7; display: flex; flex-direction: column; }
header { padding: 10px 18px; background: #1f2a5a; color: #fff; }
header h1 { font-size: 17px; margin: 0; font-weight: 600; }
header .meta { margin: 2px 0 0; font-size: 12.5px; color: #c9d0f0; }
header a { color: #fff; }
.controls { display: flex; align-items: center; gap: 8px; padding: 8px 18px; background: #fff; border-bottom: 1px solid #dde0e8; flex-wrap: wrap; }
.controls button { font: inherit; padding: 3px 10px; border: 1px solid #b8bfd6; background: #f7f8fc; border-radius: 5px; cursor: pointer; }
.controls button:hover:not(:disabled) { background: #e6eaf8; }
.controls button:disabled { opacity: 0.45; cursor: default; }
.controls .pos { font-weight: 600; min-width: 8em; text-align: center; }
.controls .hint { color: #777; font-size: 12px; margin-left: auto; }
main.split { flex: 1; display: flex; min-height: 0; }
.diagram { flex: 1 1 auto; overflow: auto; background: #fff; border-right: 1px solid #dde0e8; }
.detail { flex: 0 0 440px; overflow: auto; padding: 12px 16px 40px; }
.detail h2 { font-size: 15px; margin: 4px 0 8px; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; word-break: break-word; }
.detail h3 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: #667; margin: 16px 0 6px; }
.banner { padding: 8px 10px; border-radius: 6px; margin-bottom: 8px; font-weight: 600; }
.banner.bad { background: #fde7e7; color: #9b1c1c; border: 1px solid #f3b4b4; }
.banner.good { background: #e5f5e8; color: #1e6b2c; border: 1px solid #a8d9b2; }
.banner.info { background: #eef1fb; color: #2a3566; border: 1px solid #c8d0ee; font-weight: 400; }
.banner:empty { display: none; }
ul.changes { margin: 0; padding-left: 18px; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
ul.changes li { margin: 1px 0; }
ul.changes .none { color: #888; list-style: none; margin-left: -18px; }
table.props { border-collapse: collapse; font-size: 13px; }
table.props td { padding: 2px 8px 2px 0; }
table.props tr.target .pname { font-weight: 700; }
.mark.good, .pstatus.good { color: #1e7b34; }
.mark.bad, .pstatus.bad { color: #c62828; font-weight: 700; }
.mark.quiet, .pstatus.quiet { color: #888; }
.pkind { color: #888; font-size: 12px; }
.tree { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; background: #fff; border: 1px solid #dde0e8; border-radius: 6px; padding: 8px 10px; overflow-x: auto; }
.tree .kv { display: flex; gap: 8px; align-items: baseline; }
.tree .kv > .k { color: #5b6691; flex: none; }
.tree .kv > .k::after { content: ':'; }
.tree .v.rec, .tree .v.list { display: block; padding-left: 4px; border-left: 1px dotted #ccd; }
.tree .v.string { color: #8a3b00; }
.tree .v.number { color: #1a5fb4; }
.tree .v.boolean { color: #6a1b9a; }
.tree .v.null { color: #888; }
.tree .changed { background: #ffe27a; outline: 1px solid #e0b400; border-radius: 3px; }
.tree .kv.has-changed > .k { color: #b26b00; font-weight: 700; }
.actions { display: flex; flex-direction: column; gap: 4px; }
.actions button { font: 12.5px ui-monospace, "DejaVu Sans Mono", Menlo, monospace; text-align: left; padding: 4px 8px; border: 1px solid #c6cce0; border-radius: 5px; background: #fff; cursor: pointer; }
.actions button:hover { background: #eef3ff; }
.actions button .idx { color: #889; margin-right: 8px; }
.actions button .eff { display: block; color: #667; font-size: 11.5px; }
.actions button.breaks { border-color: #e38b8b; }
.actions button.breaks .eff { color: #b02a2a; }
.actions button.outside { opacity: 0.6; }
.actions .inits button { margin-left: 4px; }
.actions .inits button.current { font-weight: 700; border-color: #1f2a5a; }
.path { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; color: #555; word-break: break-all; }
.err { background: #fde7e7; color: #9b1c1c; border: 1px solid #f3b4b4; padding: 8px 10px; border-radius: 6px; margin: 8px 0; }
.err:empty { display: none; }
a.jump, button.jump { font: inherit; text-align: left; display: inline-block; margin: 3px 6px 3px 0; padding: 3px 10px; border-radius: 5px; border: 1px solid #e38b8b; background: #fff5f5; color: #9b1c1c; cursor: pointer; text-decoration: none; }
button.jump.witness { border-color: #9fd0aa; background: #f3fbf4; color: #1e6b2c; }
@media (max-width: 900px) { main.split { flex-direction: column; } .detail { flex: 1 1 auto; } .diagram { max-height: 55vh; } }
`
