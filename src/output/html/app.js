// The report's behaviour: filters, search, opening a case, tooltips. Everything works from a
// file:// URL; the state of the filters lives in the URL hash (#level=urgent&q=refund&open=ID) so
// a view can be bookmarked or shared, and so tests can load a filtered view directly.
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('#queue tr.case'));
  // The agent filter is only on pages with transcripts.
  var keys = ['level', 'issue', 'emotion', 'disputes', 'agent', 'q'].filter(function (k) {
    return document.getElementById('f-' + k);
  });
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
      haystack[i] = [d.id, r.dataset.issue, r.dataset.emotion, d.problem, flatten(d.text, []).join(''),
        d.agent ? d.agent.names.join('\n') : ''].join('\n').toLowerCase();
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
    if (s.agent === 'scored' && d.agentScore === undefined) return false;
    if (s.agent === 'low' && !(d.agentScore !== undefined && +d.agentScore < 50)) return false;
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
    if (d.agent || d.conv) box.appendChild(agentPanel(d));
    return box;
  }

  // The agent panel of a transcript: the scorecard, one row per step with its mark and the cues
  // behind it, beside the client's side of the conversation.
  function agentPanel(d) {
    var panel = el('section', 'agent-panel');
    var a = d.agent;
    if (a) {
      var head = el('h3', 'agent-head');
      head.appendChild(document.createTextNode('Agent' + (a.names.length ? ' ' + a.names.join(', ') : '') + ' — '));
      head.appendChild(el('span', 'agent ' + scoreClass(a.score), a.score + '/100'));
      panel.appendChild(head);
    } else {
      panel.appendChild(el('h3', 'agent-head', 'Conversation'));
    }
    var cols = el('div', 'agent-cols');
    if (a) cols.appendChild(scorecard(a));
    if (d.conv) cols.appendChild(conversation(d.conv));
    panel.appendChild(cols);
    return panel;
  }
  function scoreClass(n) { return n < 50 ? 'poor' : n < 75 ? 'fair' : 'good'; }
  function scorecard(a) {
    var t = el('table', 'scorecard');
    var hr = el('tr');
    ['step', 'mark', 'evidence'].forEach(function (h) { hr.appendChild(el('th', '', h)); });
    var thead = el('thead'); thead.appendChild(hr); t.appendChild(thead);
    var body = el('tbody');
    a.steps.forEach(function (s) {
      // [step, label, method, weight, mark, why, cues]
      var tr = el('tr');
      tr.dataset.step = s[0];
      tr.dataset.mark = s[4];
      var label = el('td', 'label', str(s[1]));
      label.title = str(s[2]) + ' · weight ' + s[3] + (s[4] === 'against' ? ' (against costs ' + (s[3] * 1.5) + ')' : '');
      tr.appendChild(label);
      var m = el('td'); m.appendChild(el('span', 'badge ' + s[4], s[4])); tr.appendChild(m);
      var ev = el('td', 'evidence');
      if (str(s[5])) ev.appendChild(el('div', 'why', str(s[5])));
      if (s[6].length) {
        var ul = el('ul', 'cues');
        s[6].forEach(function (c) {
          // [turn, speaker, text, category, source]
          var li = el('li');
          li.appendChild(el('span', 'turn', 'turn ' + c[0] + (c[1] ? ' · ' + c[1] : '')));
          li.appendChild(document.createTextNode(' “' + c[2] + '” '));
          li.appendChild(el('span', 'cat', c[3]));
          li.appendChild(document.createTextNode(' '));
          li.appendChild(el('code', 'src', str(c[4])));
          ul.appendChild(li);
        });
        ev.appendChild(ul);
      }
      tr.appendChild(ev);
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }
  // The client's sentiment turn by turn on a fixed -1..1 scale (so two cases compare at a
  // glance), the most negative turn marked, then what the client had to repeat or got no
  // answer to.
  function conversation(c) {
    var box = el('div', 'conv');
    box.appendChild(el('h4', '', 'Client, turn by turn'));
    // The SVG namespace, from the charts' inline SVG: the page holds no URL at all, which is how
    // its test checks that nothing is fetched.
    var NS = document.querySelector('#charts svg').namespaceURI, W = 280, H = 64, GUT = 20, PX = 8, PY = 7;
    function svg(tag, attrs) {
      var e = document.createElementNS(NS, tag);
      for (var k in attrs) e.setAttribute(k, attrs[k]);
      return e;
    }
    var span = Math.max(c.turns - 1, 1);
    function x(turn) { return (GUT + PX + (turn - 1) / span * (W - GUT - 2 * PX)).toFixed(1); }
    function y(v) { return (PY + (1 - (Math.max(-1, Math.min(1, v)) + 1) / 2) * (H - 2 * PY)).toFixed(1); }
    var g = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'class': 'spark',
      'aria-label': 'client sentiment per turn, ' + c.trend });
    g.appendChild(svg('line', { x1: GUT, x2: W - PX, y1: y(0), y2: y(0), 'class': 'zero' }));
    [[1, '+1'], [0, '0'], [-1, '−1']].forEach(function (t) {
      var l = svg('text', { x: GUT - 4, y: (+y(t[0]) + 3.5).toFixed(1), 'text-anchor': 'end', 'class': 'axis' });
      l.textContent = t[1];
      g.appendChild(l);
    });
    var pts = c.path.map(function (p) { return x(p[0]) + ',' + y(p[1]); }).join(' ');
    if (c.path.length > 1) g.appendChild(svg('polyline', { points: pts, 'class': 'line ' + c.trend }));
    c.path.forEach(function (p) {
      var dot = svg('circle', { cx: x(p[0]), cy: y(p[1]), r: 2, 'class': 'dot' });
      var t = svg('title', {}); t.textContent = 'turn ' + p[0] + ': ' + p[1].toFixed(2); dot.appendChild(t);
      g.appendChild(dot);
    });
    if (c.peak) {
      var pk = svg('circle', { cx: x(c.peak[0]), cy: y(c.peak[1]), r: 4.5, 'class': 'peak' });
      var pt = svg('title', {}); pt.textContent = 'peak ' + c.peak[1].toFixed(2) + ' at turn ' + c.peak[0]; pk.appendChild(pt);
      g.appendChild(pk);
    }
    box.appendChild(g);
    var line = el('p', 'path');
    line.appendChild(document.createTextNode('start ' + c.start.toFixed(2) +
      (c.peak ? ' → peak ' + c.peak[1].toFixed(2) + ' (turn ' + c.peak[0] + ')' : '') + ' → end ' + c.end.toFixed(2) + ' '));
    line.appendChild(el('span', 'trend ' + c.trend, c.trend));
    box.appendChild(line);
    box.appendChild(el('h4', '', 'Repeated by the client'));
    box.appendChild(c.repeats.length ? list(c.repeats.map(function (r) {
      // [turn, kind, cue, first turn, prompted]
      return 'turn ' + r[0] + ': “' + r[2] + '”' + (r[3] ? ' (first said in turn ' + r[3] + ')' : '') +
        (r[4] ? ', after the agent asked' : '');
    })) : el('p', 'none', 'nothing'));
    box.appendChild(el('h4', '', 'Questions left unanswered'));
    box.appendChild(c.unanswered.length ? list(c.unanswered.map(function (u) {
      return 'turn ' + u[0] + ': “' + u[1] + '” (' + u[2] + ')';
    })) : el('p', 'none', 'none'));
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
  // An agent's name in the summary table searches for their cases.
  var agentTable = document.getElementById('agents');
  if (agentTable) agentTable.addEventListener('click', function (ev) {
    var b = ev.target.closest('button.who');
    if (!b || !inputs.q) return;
    inputs.q.value = inputs.q.value === b.dataset.q ? '' : b.dataset.q;
    apply(true);
  });
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
