// The report's behaviour: filters, search, opening a case, tooltips. Everything works from a
// file:// URL; the state of the filters lives in the URL hash (#level=urgent&q=refund&open=ID) so
// a view can be bookmarked or shared, and so tests can load a filtered view directly.
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('#queue tr.case'));
  var keys = ['level', 'issue', 'emotion', 'disputes', 'q'];
  var inputs = {};
  keys.forEach(function (k) { inputs[k] = document.getElementById('f-' + k); });
  var kinds = document.getElementById('f-kinds');
  var shown = document.getElementById('shown');
  var empty = document.getElementById('empty');
  var tip = document.getElementById('tip');
  var data = null, strings = null, haystack = null;

  // Case details are parsed on first need: a 10,000-case report opens without waiting for them.
  function cases() {
    if (!data) {
      strings = JSON.parse(document.getElementById('strings').textContent);
      data = JSON.parse(document.getElementById('case-data').textContent);
    }
    return data;
  }
  function str(i) { return strings[i] === undefined ? '' : strings[i]; }
  // Text nodes: a string, ["who", name], ["s:<kind>", why, ...children] or ["<kind>", why, ...children].
  function flatten(nodes, out) {
    nodes.forEach(function (n) {
      if (typeof n === 'string') out.push(n);
      else if (n[0] !== 'who') flatten(n.slice(2), out);
    });
    return out;
  }
  function searchText(i) {
    if (!haystack) haystack = [];
    if (haystack[i] === undefined) {
      var d = cases()[i], r = rows[i];
      haystack[i] = [d.id, r.dataset.issue, r.dataset.emotion, d.problem, flatten(d.text, []).join('')]
        .join('\n').toLowerCase();
    }
    return haystack[i];
  }

  function state() {
    var s = {};
    keys.forEach(function (k) { s[k] = inputs[k].value.trim(); });
    return s;
  }
  function matches(r, s) {
    var d = r.dataset;
    if (s.level && d.level !== s.level) return false;
    if (s.issue && d.issue !== s.issue) return false;
    if (s.emotion && d.emotion !== s.emotion) return false;
    if (s.disputes === 'any' && d.disputes === '0') return false;
    if (s.disputes === 'none' && d.disputes !== '0') return false;
    if (s.disputes && s.disputes !== 'any' && s.disputes !== 'none' &&
        (' ' + d.reasons + ' ').indexOf(' ' + s.disputes + ' ') < 0) return false;
    if (s.q) {
      var words = s.q.toLowerCase().split(/\s+/);
      var hay = searchText(+d.i);
      for (var w = 0; w < words.length; w++) if (words[w] && hay.indexOf(words[w]) < 0) return false;
    }
    return true;
  }
  function apply(writeHash) {
    var s = state(), n = 0;
    rows.forEach(function (r) {
      var ok = matches(r, s);
      r.hidden = !ok;
      var next = r.nextElementSibling;
      if (next && next.classList.contains('detail')) next.hidden = !ok;
      if (ok) n++;
    });
    document.body.dataset.shown = n;
    shown.textContent = n === rows.length ? rows.length + ' cases' : n + ' of ' + rows.length + ' cases';
    empty.hidden = n > 0;
    if (writeHash) saveHash();
  }
  function saveHash() {
    var p = new URLSearchParams();
    var s = state();
    keys.forEach(function (k) { if (s[k]) p.set(k, s[k]); });
    var open = document.querySelector('#queue tr.case.is-open');
    if (open) p.set('open', open.dataset.caseId);
    var h = p.toString();
    try { history.replaceState(null, '', h ? '#' + h : location.pathname + location.search); } catch (e) { /* file: in some browsers */ }
  }
  function setValue(k, v) {
    var el = inputs[k];
    if (!el) return;
    if (el.tagName === 'SELECT' && v && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) {
      var o = document.createElement('option');
      o.value = v; o.textContent = v + ' (0)';
      el.appendChild(o);
    }
    el.value = v;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function render(nodes, parent) {
    nodes.forEach(function (n) {
      if (typeof n === 'string') { parent.appendChild(document.createTextNode(n)); return; }
      if (n[0] === 'who') { parent.appendChild(el('span', 'who', n[1] + ': ')); return; }
      var e, why = str(n[1]);
      if (n[0].indexOf('s:') === 0) {
        var kind = n[0].slice(2);
        e = el('span', 's');
        e.dataset.sentenceKind = kind;
        e.dataset.why = 'sentence: ' + kind + (why ? ' — ' + why : '');
      } else {
        e = el('mark');
        e.dataset.kind = n[0];
        e.dataset.why = why;
        e.tabIndex = 0;
      }
      render(n.slice(2), e);
      parent.appendChild(e);
    });
  }
  function section(grid, title, body) {
    grid.appendChild(el('h4', '', title));
    grid.appendChild(body);
  }
  function list(items, ordered) {
    var l = el(ordered ? 'ol' : 'ul');
    items.forEach(function (t) { l.appendChild(typeof t === 'string' ? el('li', '', t) : t); });
    return l;
  }
  function detail(d) {
    var box = el('div', 'detail-box');
    var legend = el('p', 'legend');
    [['fact', 'fact'], ['feeling', 'feeling'], ['dispute', 'claim to check']].forEach(function (k) {
      var m = el('mark', '', k[1]);
      m.dataset.legend = k[0];
      m.style.background = 'var(--' + k[0] + ')';
      legend.appendChild(m);
      legend.appendChild(document.createTextNode(' '));
    });
    legend.appendChild(document.createTextNode('— hover or focus a highlight to see why'));
    box.appendChild(legend);
    var text = el('div', 'case-text');
    render(d.text, text);
    box.appendChild(text);

    var left = el('div'), right = el('div'), grid = el('div', 'grid');
    grid.appendChild(left); grid.appendChild(right);
    section(left, 'Acknowledge', el('p', '', d.acknowledge));
    section(left, 'Problem', el('p', '', d.problem));
    section(left, 'Feelings', el('p', '', str(d.feelings)));
    section(left, 'Actions', list(d.actions.map(str), true));
    if (d.disputes.length) {
      section(left, 'Check before agreeing or disagreeing', list(d.disputes.map(function (x) {
        var li = el('li');
        li.appendChild(el('b', '', x[0] + ': '));
        li.appendChild(document.createTextNode('“' + x[1] + '” '));
        li.appendChild(el('span', 'ask', '— ask: ' + str(x[2])));
        return li;
      })));
    }
    section(right, 'Why this priority', list(d.reasons.length ? d.reasons.map(str) : ['no signals']));
    section(right, 'Emotions', el('p', '', d.emotions.length ? d.emotions.map(function (e) {
      return e[0] + ' (' + e[1] + ', ' + e[2].toFixed(2) + ')';
    }).join(', ') : 'none found'));
    section(right, 'Issues', el('p', '', d.issues.length ? d.issues.map(function (i) {
      return i[1] + ' (' + i[0] + ')';
    }).join(', ') : 'none found'));
    if (d.threats) section(right, 'Threats', el('p', '', d.threats.join(', ')));
    if (d.remedies) section(right, 'Asks for', el('p', '', d.remedies.join(', ')));
    var ctx = [];
    if (d.date) ctx.push('date ' + d.date);
    if (d.client) ctx.push('client ' + d.client);
    if (d.earlier) ctx.push('earlier cases: ' + d.earlier.join(', '));
    ctx.push('sentiment ' + d.sentiment.toFixed(2));
    section(right, 'Context', el('p', '', ctx.join(' · ')));
    box.appendChild(grid);
    return box;
  }
  function toggle(r, open) {
    var next = r.nextElementSibling;
    var isOpen = next && next.classList.contains('detail');
    if (open === undefined) open = !isOpen;
    if (open && !isOpen) {
      var tr = el('tr', 'detail');
      var td = el('td');
      td.colSpan = r.cells.length;
      td.appendChild(detail(cases()[+r.dataset.i]));
      tr.appendChild(td);
      r.parentNode.insertBefore(tr, r.nextSibling);
    } else if (!open && isOpen) {
      next.parentNode.removeChild(next);
    }
    r.classList.toggle('is-open', open);
    r.querySelector('button.open').setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  document.getElementById('queue').addEventListener('click', function (ev) {
    var b = ev.target.closest('button.open');
    if (!b) return;
    toggle(b.closest('tr'));
    saveHash();
  });
  keys.forEach(function (k) {
    var t = null;
    inputs[k].addEventListener(k === 'q' ? 'input' : 'change', function () {
      clearTimeout(t);
      t = setTimeout(function () { apply(true); }, k === 'q' ? 150 : 0);
    });
  });
  document.getElementById('f-reset').addEventListener('click', function () {
    keys.forEach(function (k) { inputs[k].value = ''; });
    apply(true);
  });
  kinds.addEventListener('change', function () {
    document.body.classList.toggle('show-kinds', kinds.checked);
  });
  function barFilter(ev) {
    var g = ev.target.closest && ev.target.closest('g.bar[data-filter]');
    if (!g || (ev.type === 'keydown' && ev.key !== 'Enter')) return;
    var k = g.getAttribute('data-filter'), v = g.getAttribute('data-value');
    setValue(k, inputs[k].value === v ? '' : v);
    apply(true);
  }
  document.getElementById('charts').addEventListener('click', barFilter);
  document.getElementById('charts').addEventListener('keydown', barFilter);

  // One tooltip for all highlights, listing every finding under the pointer, innermost first.
  function showTip(ev) {
    var t = ev.target.closest ? ev.target.closest('mark[data-why], .show-kinds .s[data-why]') : null;
    if (!t) { tip.hidden = true; return; }
    tip.textContent = '';
    for (var n = t; n && !n.classList.contains('case-text'); n = n.parentElement) {
      if (n.dataset.why && (n.tagName === 'MARK' || document.body.classList.contains('show-kinds'))) {
        tip.appendChild(el('div', '', n.dataset.why));
      }
    }
    var b = t.getBoundingClientRect();
    tip.hidden = false;
    var left = Math.max(4, Math.min(b.left, window.innerWidth - tip.offsetWidth - 8));
    var top = b.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight) top = Math.max(4, b.top - tip.offsetHeight - 6);
    tip.style.left = left + 'px';
    tip.style.top = top + 'px';
  }
  document.addEventListener('mouseover', showTip);
  document.addEventListener('focusin', showTip);
  document.addEventListener('scroll', function () { tip.hidden = true; }, true);

  // The initial view from the hash: filters, then an opened case, then (for screenshots and
  // tests) the tooltip of the n-th highlight of the opened case.
  var p = new URLSearchParams(location.hash.replace(/^#/, ''));
  keys.forEach(function (k) { if (p.has(k)) setValue(k, p.get(k)); });
  if (p.get('kinds') === '1') { kinds.checked = true; document.body.classList.add('show-kinds'); }
  apply(false);
  if (p.has('open')) {
    var id = p.get('open');
    var r = rows.filter(function (x) { return x.dataset.caseId === id; })[0];
    if (r) {
      toggle(r, true);
      if (r.getBoundingClientRect().top > window.innerHeight - 80) r.scrollIntoView();
      if (p.has('tip')) {
        var t = p.get('tip');
        var m = /^\d+$/.test(t) ? r.nextElementSibling.querySelectorAll('.case-text mark')[+t]
          : r.nextElementSibling.querySelector('.case-text mark[data-kind="' + t.replace(/[^a-z]/g, '') + '"]');
        if (m) { m.focus({ preventScroll: true }); showTip({ target: m }); }
      }
    }
  }
})();
