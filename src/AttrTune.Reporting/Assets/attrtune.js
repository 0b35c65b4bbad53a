// AttrTune's study page: draws a study's JSON document (summary, best configuration, importances, figures, trial
// table, search space). The same script serves the self-contained report (data-mode="report": the document is inline
// and the table filters in the page) and the dashboard (data-mode="study": the document comes from /api/study, the
// table pages on the server, and the page polls /api/version to stay live).
// Every text from the study is set with textContent, never parsed as HTML.
(function () {
  'use strict';

  var body = document.body;
  var mode = body.getAttribute('data-mode');
  var studyName = body.getAttribute('data-study');
  var allowWrites = body.getAttribute('data-writes') === 'true';
  var plotConfig = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['sendDataToCloud'] };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      if (arguments[i]) {
        parent.appendChild(arguments[i]);
      }
    }
    return parent;
  }

  // Numbers as stored: JavaScript's shortest round-trip form, as .NET's "R".
  function cell(value) {
    if (value === null || value === undefined) {
      return '';
    }
    return String(value);
  }

  function trialHref(number) {
    return '/trial?study=' + encodeURIComponent(studyName) + '&number=' + encodeURIComponent(number);
  }

  function section(id, title) {
    var s = el('section');
    s.id = id;
    append(s, el('h2', null, title));
    return s;
  }

  // ---- summary, best configuration, importances, search space ----

  function renderSummary(target, doc) {
    target.textContent = '';
    append(target, el('h2', null, 'Summary'));
    var list = el('dl', 'summary');
    function item(term, value) {
      append(list, el('dt', null, term), el('dd', null, value));
    }
    item('study', doc.name);
    item('direction', doc.direction);
    item('configuration type', doc.configType);
    if (doc.metrics) {
      item('metrics', doc.metrics.map(function (m) { return m.text; }).join(', '));
    }
    item('trials', doc.total);
    var states = Object.keys(doc.counts).filter(function (s) { return doc.counts[s] > 0; })
      .map(function (s) { return doc.counts[s] + ' ' + s; });
    item('by state', states.length ? states.join(', ') : 'none');
    item('workers', doc.workers);
    item('first trial started', doc.firstStarted || '-');
    item('last trial finished', doc.lastFinished || '-');
    append(target, list);
  }

  function trialLink(number) {
    if (mode === 'study') {
      var link = el('a', null, number);
      link.setAttribute('href', trialHref(number));
      return link;
    }
    return el('span', null, number);
  }

  // Several objectives: no one best trial, but the front, a row per trial with every metric and its configuration.
  function renderFront(target, front) {
    append(target, el('h2', null, 'Pareto front'));
    if (!front.trials.length) {
      append(target, el('p', 'note', 'No complete trial is feasible yet.'));
      return;
    }
    append(target, el('p', 'front-line', front.trials.length + (front.trials.length === 1 ? ' trial' : ' trials') +
      ' on the front: no other feasible trial is as good in every objective and better in one.'));
    var table = el('table', 'front');
    table.id = 'pareto-front';
    var head = el('tr');
    append(head, el('th', null, 'trial'));
    front.objectives.forEach(function (name) { append(head, el('th', null, name)); });
    front.constraints.forEach(function (name) { append(head, el('th', null, name)); });
    append(head, el('th', null, 'configuration'));
    append(table, append(el('thead'), head));
    var rows = el('tbody');
    front.trials.forEach(function (trial) {
      var tr = el('tr');
      tr.setAttribute('data-number', String(trial.number));
      append(tr, append(el('td', 'num'), trialLink(trial.number)));
      trial.values.forEach(function (v) { append(tr, el('td', 'num', cell(v))); });
      trial.constraints.forEach(function (v) { append(tr, el('td', 'num', cell(v))); });
      var details = el('details');
      append(details, el('summary', null, 'JSON and C#'));
      var pair = el('div', 'config-pair');
      var json = el('div');
      append(json, el('h3', null, 'as JSON'), el('pre', 'config-json', trial.json));
      var csharp = el('div');
      append(csharp, el('h3', null, 'as C#'), el('pre', 'config-csharp', trial.csharp));
      append(details, append(pair, json, csharp));
      append(tr, append(el('td'), details));
      append(rows, tr);
    });
    append(table, rows);
    append(target, append(el('div', 'table-wrap'), table));
  }

  function renderBest(target, doc) {
    target.textContent = '';
    if (doc.front) {
      renderFront(target, doc.front);
      return;
    }
    var constrained = doc.metrics && doc.metrics.some(function (m) { return m.constraint; });
    append(target, el('h2', null, constrained ? 'Best feasible trial' : 'Best trial'));
    if (!doc.best) {
      append(target, el('p', 'note', constrained && doc.counts.complete > 0 ? 'No complete trial is feasible yet.' : 'No trial has completed yet.'));
      return;
    }
    var line = el('p', 'best-line');
    append(line, document.createTextNode('Trial '), trialLink(doc.best.number));
    append(line, document.createTextNode(', value '), el('span', 'best-value', cell(doc.best.value)));
    append(target, line);
    var pair = el('div', 'config-pair');
    var json = el('div');
    append(json, el('h3', null, 'as JSON'), el('pre', 'config-json', doc.best.json));
    var csharp = el('div');
    append(csharp, el('h3', null, 'as C#'), el('pre', 'config-csharp', doc.best.csharp));
    append(pair, json, csharp);
    append(target, pair);
  }

  function renderImportance(target, doc) {
    target.textContent = '';
    append(target, el('h2', null, 'Parameter importance'));
    if (!doc.importance) {
      append(target, el('p', 'note', doc.importancePending ? 'Computing…' : 'Needs two complete trials.'));
      return;
    }
    append(target, el('p', null, doc.importance.evaluator + ' over ' + doc.importance.trials + ' complete trials.'));
    var table = el('table', 'importance');
    var head = el('tr');
    append(head, el('th', null, 'parameter'), el('th', null, 'importance'), el('th', null, 'active in'));
    append(table, append(el('thead'), head));
    var rows = el('tbody');
    doc.importance.parameters.forEach(function (p) {
      var tr = el('tr');
      append(tr, el('td', null, p.name), el('td', 'num', p.importance.toFixed(3)), el('td', 'num', p.activeTrials));
      append(rows, tr);
    });
    append(table, rows);
    append(target, table);
  }

  function renderSpace(target, doc) {
    target.textContent = '';
    append(target, el('h2', null, 'Search space'));
    var p = el('p');
    append(p, document.createTextNode('Fingerprint '), el('code', 'fingerprint', doc.fingerprint), document.createTextNode(' (' + doc.configType + ')'));
    append(target, p);
    var table = el('table', 'space');
    var head = el('tr');
    append(head, el('th', null, 'parameter'), el('th', null, 'distribution'), el('th', null, 'condition'), el('th', null, 'mutable'));
    append(table, append(el('thead'), head));
    var rows = el('tbody');
    doc.space.forEach(function (parameter) {
      var tr = el('tr');
      append(tr, el('td', null, parameter.name), el('td', null, parameter.distribution), el('td', null, parameter.condition), el('td', null, parameter.mutable ? 'yes' : ''));
      append(rows, tr);
    });
    append(table, rows);
    append(target, table);
  }

  // ---- figures ----

  function figureId(figure) {
    return figure.key + '\u0000' + (figure.parameter || '');
  }

  function renderFigures(target, figures) {
    if (typeof Plotly === 'undefined') {
      target.textContent = 'plotly.js did not load.';
      return;
    }
    var existing = {};
    Array.prototype.forEach.call(target.querySelectorAll('.figure'), function (box) {
      existing[box.attributeIdentity] = box;
    });
    var seen = {};
    figures.forEach(function (figure, index) {
      var id = figureId(figure);
      seen[id] = true;
      var box = existing[id];
      if (!box) {
        box = el('div', 'figure');
        box.attributeIdentity = id;
        append(box, el('div', 'plot'), el('p', 'note'));
      }
      // Keeps the document's order when a figure appears later (importance, once computed).
      if (target.children[index] !== box) {
        target.insertBefore(box, target.children[index] || null);
      }
      if (figure.key === 'contour' && mode === 'study' && spaceNames.length > 1) {
        contourPicker(box, figure);
        if (contourChoice) {
          // The user's pair, fitted on the server for the current trials.
          loadContour(box);
          return;
        }
      }
      drawFigure(box, figure);
    });
    Object.keys(existing).forEach(function (id) {
      if (!seen[id]) {
        Plotly.purge(existing[id].querySelector('.plot'));
        target.removeChild(existing[id]);
      }
    });
    paretoPairs(target);
  }

  // With three objectives or more there is a Pareto plot per pair: one is shown, and a list in each picks the pair.
  // Every pair is in the document, so the choice works offline too.
  var paretoChoice = null;

  function paretoPairs(target) {
    var boxes = Array.prototype.filter.call(target.querySelectorAll('.figure'), function (box) {
      return box.getAttribute('data-key') === 'pareto-front';
    });
    if (boxes.length < 2) {
      return;
    }
    var pairs = boxes.map(function (box) { return box.getAttribute('data-parameter'); });
    if (pairs.indexOf(paretoChoice) < 0) {
      paretoChoice = pairs[0];
    }
    boxes.forEach(function (box) {
      var select = box.querySelector('select.pareto-pair');
      if (!select) {
        var picker = el('div', 'pareto-picker');
        select = el('select', 'pareto-pair');
        select.addEventListener('change', function () {
          paretoChoice = select.value;
          paretoPairs(target);
        });
        append(picker, el('label', null, 'Objectives '), select);
        box.insertBefore(picker, box.firstChild);
      }
      select.textContent = '';
      pairs.forEach(function (pair) {
        var option = el('option', null, pair);
        option.value = pair;
        append(select, option);
      });
      select.value = paretoChoice;
      var shown = box.getAttribute('data-parameter') === paretoChoice;
      var wasHidden = box.hidden;
      box.hidden = !shown;
      if (shown && wasHidden) {
        Plotly.Plots.resize(box.querySelector('.plot'));
      }
    });
  }

  function drawFigure(box, figure) {
    box.setAttribute('data-key', figure.key);
    box.setAttribute('data-parameter', figure.parameter || '');
    box.setAttribute('data-points', String(figure.points));
    box.querySelector('.note').textContent = figure.note || '';
    Plotly.react(box.querySelector('.plot'), figure.data, figure.layout, plotConfig);
  }

  // The dashboard's contour can be of any two parameters: two lists above it, the figure from /api/contour.
  var spaceNames = [];
  var contourChoice = null;

  function contourPicker(box, figure) {
    var picker = box.querySelector('.contour-picker');
    if (!picker) {
      picker = el('div', 'contour-picker');
      var x = el('select');
      x.id = 'contour-x';
      var y = el('select');
      y.id = 'contour-y';
      spaceNames.forEach(function (name) {
        var a = el('option', null, name);
        a.value = name;
        append(x, a);
        var b = el('option', null, name);
        b.value = name;
        append(y, b);
      });
      function choose() {
        if (x.value !== y.value) {
          contourChoice = { x: x.value, y: y.value };
          loadContour(box);
        }
      }
      x.addEventListener('change', choose);
      y.addEventListener('change', choose);
      append(picker, el('label', null, 'Contour of '), x, el('label', null, ' and '), y);
      box.insertBefore(picker, box.firstChild);
      var pair = (figure.parameter || '').split(' \u00d7 ');
      x.value = pair[0];
      y.value = pair[1];
    }
  }

  function loadContour(box) {
    var params = new URLSearchParams();
    params.set('name', studyName);
    params.set('x', contourChoice.x);
    params.set('y', contourChoice.y);
    box.querySelector('.note').textContent = 'Fitting…';
    fetchJson('/api/contour?' + params.toString()).then(function (figure) {
      drawFigure(box, figure);
    }, function (error) {
      box.querySelector('.note').textContent = error.message;
    });
  }

  // ---- trial table ----

  function TrialTable(target, columns, source) {
    var query = { state: '', param: '', min: '', max: '', choice: '', sort: 'number', desc: false, page: 0, size: 50 };
    var parameterColumns = columns.filter(function (c) { return c.parameter || c.name === 'value' || (c.metric && c.kind === 'number'); });
    var controls = el('div', 'table-controls');
    var state = el('select');
    state.id = 'filter-state';
    ['', 'complete', 'pruned', 'failed', 'running', 'waiting'].forEach(function (s) {
      var option = el('option', null, s === '' ? 'every state' : s);
      option.value = s;
      append(state, option);
    });
    var param = el('select');
    param.id = 'filter-param';
    var none = el('option', null, 'no range filter');
    none.value = '';
    append(param, none);
    parameterColumns.forEach(function (c) {
      var option = el('option', null, c.name);
      option.value = c.name;
      append(param, option);
    });
    var min = el('input');
    min.id = 'filter-min';
    min.type = 'number';
    min.step = 'any';
    min.placeholder = 'min';
    var max = el('input');
    max.id = 'filter-max';
    max.type = 'number';
    max.step = 'any';
    max.placeholder = 'max';
    var choice = el('select');
    choice.id = 'filter-choice';
    var count = el('span', 'trial-count');
    count.id = 'trial-count';
    append(controls, el('label', null, 'State '), state, el('label', null, ' Filter '), param, min, max, choice, count);

    var table = el('table', 'trials');
    table.id = 'trial-table';
    var thead = el('thead');
    var headRow = el('tr');
    columns.forEach(function (c) {
      var th = el('th', null, c.name);
      th.setAttribute('data-column', c.name);
      th.title = 'Sort by ' + c.name;
      th.addEventListener('click', function () {
        query.desc = query.sort === c.name ? !query.desc : false;
        query.sort = c.name;
        query.page = 0;
        refresh();
      });
      append(headRow, th);
    });
    append(thead, headRow);
    var tbody = el('tbody');
    append(table, thead, tbody);

    var pager = el('div', 'pager');
    var prev = el('button', null, '‹ previous');
    prev.id = 'page-prev';
    prev.type = 'button';
    var info = el('span', 'page-info');
    info.id = 'page-info';
    var next = el('button', null, 'next ›');
    next.id = 'page-next';
    next.type = 'button';
    append(pager, prev, info, next);
    append(target, controls, append(el('div', 'table-wrap'), table), pager);

    function showChoiceOrRange() {
      var column = parameterColumns.filter(function (c) { return c.name === param.value; })[0];
      var isChoice = column && column.kind === 'choice';
      choice.textContent = '';
      if (isChoice) {
        var any = el('option', null, 'any choice');
        any.value = '';
        append(choice, any);
        column.choices.forEach(function (label) {
          var option = el('option', null, label);
          option.value = label;
          append(choice, option);
        });
      }
      choice.hidden = !isChoice;
      min.hidden = max.hidden = !column || isChoice;
    }

    function readControls() {
      query.state = state.value;
      query.param = param.value;
      query.min = min.hidden ? '' : min.value;
      query.max = max.hidden ? '' : max.value;
      query.choice = choice.hidden ? '' : choice.value;
      query.page = 0;
      refresh();
    }

    state.addEventListener('change', readControls);
    param.addEventListener('change', function () { showChoiceOrRange(); readControls(); });
    min.addEventListener('change', readControls);
    max.addEventListener('change', readControls);
    choice.addEventListener('change', readControls);
    prev.addEventListener('click', function () { if (query.page > 0) { query.page--; refresh(); } });
    next.addEventListener('click', function () { query.page++; refresh(); });
    showChoiceOrRange();

    var generation = 0;
    function refresh() {
      var mine = ++generation;
      return source(query).then(function (result) {
        if (mine !== generation) {
          return;
        }
        var pages = Math.max(1, Math.ceil(result.total / query.size));
        if (query.page >= pages) {
          query.page = pages - 1;
          refresh();
          return;
        }
        tbody.textContent = '';
        result.rows.forEach(function (row) {
          var tr = el('tr');
          tr.setAttribute('data-number', String(row[0]));
          row.forEach(function (value, i) {
            var name = columns[i].name;
            var td = el('td', columns[i].kind === 'number' ? 'num' : null);
            if (name === 'number' && mode === 'study') {
              var link = el('a', null, value);
              link.setAttribute('href', trialHref(value));
              append(td, link);
            } else if (name === 'state') {
              td.className = 'state state-' + value;
              td.textContent = value;
            } else if (name === 'duration') {
              td.textContent = value === null ? '' : value.toFixed(3) + ' s';
            } else {
              td.textContent = cell(value);
            }
            append(tr, td);
          });
          append(tbody, tr);
        });
        Array.prototype.forEach.call(headRow.children, function (th) {
          var name = th.getAttribute('data-column');
          th.className = name === query.sort ? (query.desc ? 'sorted desc' : 'sorted asc') : '';
        });
        count.textContent = result.total + (result.total === 1 ? ' trial' : ' trials');
        info.textContent = 'page ' + (query.page + 1) + ' of ' + pages;
        prev.disabled = query.page === 0;
        next.disabled = query.page + 1 >= pages;
        table.setAttribute('data-total', String(result.total));
        table.setAttribute('data-page', String(query.page));
      });
    }

    return { refresh: refresh };
  }

  // The report's table: every row is in the page; filters, sorts and pages here, as the dashboard's server does.
  function localSource(columns, rows) {
    var index = {};
    columns.forEach(function (c, i) { index[c.name] = i; });
    return function (query) {
      var filtered = rows.filter(function (row) {
        if (query.state && row[1] !== query.state) {
          return false;
        }
        if (query.param) {
          var value = row[index[query.param]];
          if (query.choice && value !== query.choice) {
            return false;
          }
          if (query.min !== '' || query.max !== '') {
            if (typeof value !== 'number') {
              return false;
            }
            if (query.min !== '' && value < Number(query.min)) {
              return false;
            }
            if (query.max !== '' && value > Number(query.max)) {
              return false;
            }
          }
        }
        return true;
      });
      var s = index[query.sort] !== undefined ? index[query.sort] : 0;
      filtered.sort(function (a, b) {
        var x = a[s], y = b[s];
        if (x === null || x === undefined) {
          return y === null || y === undefined ? a[0] - b[0] : 1;
        }
        if (y === null || y === undefined) {
          return -1;
        }
        var order = x < y ? -1 : x > y ? 1 : a[0] - b[0];
        return query.desc ? -order : order;
      });
      var start = query.page * query.size;
      return Promise.resolve({ total: filtered.length, rows: filtered.slice(start, start + query.size) });
    };
  }

  function serverSource(query) {
    var params = new URLSearchParams();
    params.set('name', studyName);
    Object.keys(query).forEach(function (key) {
      if (query[key] !== '' && query[key] !== false) {
        params.set(key, String(query[key]));
      }
    });
    return fetchJson('/api/trials?' + params.toString());
  }

  function fetchJson(url) {
    return fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ': HTTP ' + response.status);
      }
      return response.json();
    });
  }

  // ---- pages ----

  function build(doc, source) {
    var main = document.getElementById('attrtune-main');
    main.textContent = '';
    var parts = {
      summary: section('summary', 'Summary'),
      best: section('best', 'Best trial'),
      importance: section('importance', 'Parameter importance'),
      plots: section('plots', 'Plots'),
      trials: section('trials', 'Trials'),
      space: section('space', 'Search space')
    };
    var figures = el('div', 'figures');
    figures.id = 'figures';
    append(parts.plots, figures);
    append(main, parts.summary, parts.best, parts.importance, parts.plots, parts.trials, parts.space);
    if (allowWrites) {
      append(main, writeControls());
    }
    var footer = el('footer', null, 'AttrTune ' + doc.version + (mode === 'report' ? ', report written ' + doc.generated : ', live'));
    append(main, footer);
    var table = new TrialTable(parts.trials, doc.columns, source);
    function render(next) {
      spaceNames = next.space.map(function (p) { return p.name; });
      renderSummary(parts.summary, next);
      renderBest(parts.best, next);
      renderImportance(parts.importance, next);
      renderSpace(parts.space, next);
      renderFigures(figures, next.figures);
    }
    render(doc);
    return { render: render, table: table };
  }

  function writeControls() {
    var box = section('manage', 'Manage this study');
    var input = el('input');
    input.id = 'rename-to';
    input.placeholder = 'new name';
    var rename = el('button', null, 'Rename');
    rename.type = 'button';
    var remove = el('button', 'danger', 'Delete study');
    remove.type = 'button';
    var status = el('span', 'note');
    function post(url, payload) {
      return fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-AttrTune-Write': '1' },
        body: JSON.stringify(payload)
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) {
            throw new Error(answer.error || ('HTTP ' + response.status));
          }
          return answer;
        });
      });
    }
    rename.addEventListener('click', function () {
      post('/api/rename', { name: studyName, to: input.value }).then(function (answer) {
        window.location.assign('/study?name=' + encodeURIComponent(answer.name));
      }, function (error) { status.textContent = error.message; });
    });
    remove.addEventListener('click', function () {
      if (!window.confirm('Delete this study and all its trials?')) {
        return;
      }
      post('/api/delete', { name: studyName }).then(function () {
        window.location.assign('/');
      }, function (error) { status.textContent = error.message; });
    });
    append(box, input, rename, remove, status);
    return box;
  }

  // The report's study: JSON, gzipped and in base64 (see StudyReport.WriteHtml), inflated by the browser.
  function readStudy() {
    var node = document.getElementById('attrtune-study');
    if (node.getAttribute('data-encoding') !== 'gzip-base64') {
      return Promise.resolve(JSON.parse(node.textContent));
    }
    var binary = atob(node.textContent.trim());
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  function startReport() {
    readStudy().then(function (doc) {
      var page = build(doc, localSource(doc.columns, doc.rows));
      return page.table.refresh();
    }, function (error) {
      document.getElementById('attrtune-main').textContent = 'This browser could not read the report\'s data (' + error.message + '); it needs DecompressionStream (Chrome 80, Firefox 113, Safari 16.4 or later).';
    });
  }

  function startStudy() {
    var version = null;
    var page = null;
    var busy = false;
    var live = el('div', 'live');
    live.id = 'live-status';
    document.querySelector('header').appendChild(live);

    function load() {
      return fetchJson('/api/study?name=' + encodeURIComponent(studyName)).then(function (answer) {
        var doc = answer.study;
        doc.importancePending = answer.importancePending;
        version = answer.revision;
        if (!page) {
          page = build(doc, serverSource);
        } else {
          page.render(doc);
        }
        body.setAttribute('data-revision', String(version));
        return page.table.refresh();
      });
    }

    function poll() {
      if (busy) {
        return;
      }
      busy = true;
      fetchJson('/api/version?name=' + encodeURIComponent(studyName)).then(function (answer) {
        live.textContent = 'live: ' + answer.total + ' trials';
        live.className = 'live';
        return answer.revision !== version ? load() : null;
      }).catch(function () {
        live.textContent = 'disconnected: retrying';
        live.className = 'live offline';
      }).then(function () { busy = false; });
    }

    busy = true;
    load().then(function () { busy = false; }, function (error) {
      busy = false;
      document.getElementById('attrtune-main').textContent = 'The study could not be loaded: ' + error.message;
    });
    window.setInterval(poll, 1000);
  }

  if (mode === 'report') {
    startReport();
  } else if (mode === 'study') {
    startStudy();
  } else if (mode === 'trial' && document.getElementById('attrtune-figures')) {
    renderFigures(document.getElementById('figures'), JSON.parse(document.getElementById('attrtune-figures').textContent));
  }
}());
