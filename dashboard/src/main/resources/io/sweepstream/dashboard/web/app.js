// Sweepstream dashboard. Everything that comes from the topics (names, parameter values, errors) is
// written with textContent or as text nodes, never as HTML; the server's Content-Security-Policy
// allows scripts from this origin only.
'use strict';
(() => {
  const PAGE_SIZE = 50;
  const TOP_RUNS = 5;
  const MAX_CHARTED = 10;
  const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4f46e5', '#65a30d'];

  const state = {
    status: null, serverOffset: 0, route: null, sweeps: new Map(),
    sweepId: null, detail: null, runs: new Map(), curves: new Map(), workers: [],
    selected: new Set(), charted: [], charts: {}, table: { sort: 'index', dir: 1, filter: '', status: '', page: 0, allParams: false },
    renderQueued: new Set(), loading: false, firstRenderDone: false,
  };
  window.__dash = { loads: 0, sweepRenderedMs: null, changes: 0 };

  // ---- helpers --------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = String(v);
        else if (k === 'data') Object.assign(e.dataset, v);
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  const $ = (sel, root = document) => root.querySelector(sel);
  const now = () => Date.now() + state.serverOffset;
  const fmt = (v, d = 4) => (v === null || v === undefined || Number.isNaN(v)) ? '—' : Number(v).toFixed(d);
  const pct = (v) => (v === null || v === undefined) ? '—' : (100 * v).toFixed(1) + '%';
  function dur(ms) {
    if (ms === null || ms === undefined) return '—';
    const s = Math.round(ms / 1000);
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60), h = Math.floor(m / 60);
    if (h > 0) return h + ' h ' + String(m % 60).padStart(2, '0') + ' m';
    return m + ' m ' + String(s % 60).padStart(2, '0') + ' s';
  }
  const time = (ms) => ms ? new Date(ms).toLocaleString() : '—';
  const ago = (ms) => dur(Math.max(0, now() - ms)) + ' ago';
  function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  function toast(text, ms = 4000) {
    const t = $('#toast');
    t.textContent = text; t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, ms);
  }

  // The token travels once in the URL (?token=...) and is kept for this tab only.
  (function keepToken() {
    const params = new URLSearchParams(location.search);
    if (params.has('token')) {
      sessionStorage.setItem('sweepstream-token', params.get('token'));
      history.replaceState(null, '', location.pathname + location.hash);
    }
  })();

  class CatchingUp extends Error {}

  async function api(path) {
    const r = await fetch('api' + path, { cache: 'no-store' });
    if (r.status === 503) throw new CatchingUp('catching up');
    if (!r.ok) {
      const body = await r.json().catch(() => ({}));
      const e = new Error(body.error || ('HTTP ' + r.status));
      e.status = r.status;
      throw e;
    }
    return r.json();
  }

  async function command(path, confirmText) {
    if (confirmText && !window.confirm(confirmText)) return;
    const headers = { 'X-Sweepstream-Command': '1' };
    const token = sessionStorage.getItem('sweepstream-token');
    if (token) headers['X-Sweepstream-Token'] = token;
    const r = await fetch('api' + path, { method: 'POST', headers });
    if (r.status === 401) {
      const given = window.prompt('This dashboard needs its token for commands (printed when it started):');
      if (given) { sessionStorage.setItem('sweepstream-token', given); return command(path); }
      return;
    }
    const body = await r.json().catch(() => ({}));
    toast(body.message || body.error || ('HTTP ' + r.status));
  }

  // ---- status and live stream -----------------------------------------------------------------
  function onStatus(s) {
    const wasCaughtUp = state.status && state.status.caughtUp;
    state.status = s;
    state.serverOffset = s.serverTimeMs - Date.now();
    const banner = $('#banner');
    banner.classList.remove('bad');
    if (!s.caughtUp) {
      banner.hidden = false;
      banner.textContent = 'Catching up with Kafka: ' + s.recordsRead.toLocaleString() + ' records read, '
        + s.recordsBehind.toLocaleString() + ' to go. Nothing is shown until the view is current.';
      $('#main').replaceChildren(el('p', { class: 'muted', text: 'Replaying the topics…' }));
    } else if (s.kafkaTrouble) {
      banner.hidden = false;
      banner.classList.add('bad');
      banner.textContent = 'Kafka does not answer since ' + new Date(s.troubleSinceMs).toLocaleTimeString()
        + ' (' + s.kafkaTrouble + '): what you see is as of then.';
    } else {
      banner.hidden = true;
    }
    if (s.caughtUp && !wasCaughtUp) load();
  }

  function connect() {
    const conn = $('#conn');
    const es = new EventSource('api/events');
    // Each (re)connect starts with a status event: a page that reconnects reloads what it shows.
    es.addEventListener('status', (e) => {
      const s = JSON.parse(e.data);
      const caughtUpBefore = state.status && state.status.caughtUp;
      onStatus(s);
      if (caughtUpBefore && s.caughtUp) load();
    });
    es.addEventListener('changes', (e) => onChanges(JSON.parse(e.data)));
    es.onopen = () => { conn.textContent = 'live'; conn.className = 'conn live'; };
    es.onerror = () => { conn.textContent = 'reconnecting…'; conn.className = 'conn down'; };
  }

  function onChanges(c) {
    window.__dash.changes++;
    if (c.status) onStatus(c.status);
    if (!state.status || !state.status.caughtUp) return;
    if (c.resync) { load(); return; }
    for (const s of c.sweeps) state.sweeps.set(s.sweepId, s);
    if (state.route === 'list' && c.sweeps.length) queue('sweeps');
    if (state.route !== 'sweep') return;
    const id = state.sweepId;
    const head = c.sweeps.find((s) => s.sweepId === id);
    if (head && state.detail) { state.detail.sweep = head; queue('head'); }
    let runsChanged = false;
    for (const r of c.runs) {
      if (r.sweepId === id) { state.runs.set(r.runId, r); runsChanged = true; }
    }
    if (runsChanged) queue('runs', 'parallel', 'scatter');
    let curvesChanged = false;
    for (const p of c.points) {
      const curve = state.curves.get(p.runId);
      if (!curve) continue;
      if (p.attempt > curve.attempt) { curve.attempt = p.attempt; for (const k of ['epoch', 'trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy']) curve[k] = []; }
      if (p.attempt < curve.attempt) continue;
      const i = curve.epoch.indexOf(p.epoch);
      const at = i >= 0 ? i : curve.epoch.length;
      curve.epoch[at] = p.epoch; curve.trainLoss[at] = p.trainLoss; curve.trainAccuracy[at] = p.trainAccuracy;
      curve.valLoss[at] = p.valLoss; curve.valAccuracy[at] = p.valAccuracy;
      curvesChanged = true;
    }
    if (curvesChanged) queue('curves');
    if (c.workers) { state.workers = c.workers; queue('workers'); }
    if (c.summaries.includes(id)) refreshDetail();
  }

  // Renders coalesce to one per frame, however many changes arrive.
  function queue(...parts) {
    const empty = state.renderQueued.size === 0;
    parts.forEach((p) => state.renderQueued.add(p));
    if (empty) requestAnimationFrame(flush);
  }
  function flush() {
    const parts = state.renderQueued;
    state.renderQueued = new Set();
    if (state.route === 'list') { if (parts.has('sweeps')) renderSweeps(); return; }
    if (state.route !== 'sweep' || !state.detail) return;
    if (parts.has('head')) renderHead();
    if (parts.has('runs')) renderRuns();
    if (parts.has('curves')) updateCurves();
    if (parts.has('charted')) renderCurves();
    if (parts.has('parallel')) renderParallel();
    if (parts.has('scatter')) renderScatter();
    if (parts.has('summary')) { renderLeaderboard(); renderConfusion(); renderBestValues(); renderImportance(); }
    if (parts.has('workers')) renderWorkers();
  }

  // ---- routing and loading --------------------------------------------------------------------
  function route() {
    const m = location.hash.match(/^#\/sweep\/(.+)$/);
    state.route = m ? 'sweep' : 'list';
    state.sweepId = m ? decodeURIComponent(m[1]) : null;
    return state.route;
  }

  async function load() {
    if (!state.status || !state.status.caughtUp) return;
    route();
    window.__dash.loads++;
    try {
      if (state.route === 'list') await loadSweeps(); else await loadSweep(state.sweepId);
    } catch (e) {
      if (e instanceof CatchingUp) return; // the status event will say when
      $('#main').replaceChildren(el('p', { class: 'empty', text: 'Cannot load: ' + e.message }));
    }
  }

  async function loadSweeps() {
    const [sweeps, workers] = await Promise.all([api('/sweeps'), api('/workers')]);
    state.sweeps = new Map(sweeps.map((s) => [s.sweepId, s]));
    state.workers = workers;
    destroyCharts();
    $('#crumbs').textContent = '';
    $('#main').replaceChildren(
      el('section', { class: 'card' }, el('h2', { text: 'Sweeps' }), el('div', { class: 'scroll', id: 'sweeps-wrap' })),
      el('section', { class: 'card', style: null, id: 'workers-card' }, el('h2', { text: 'Workers' }), el('div', { class: 'scroll', id: 'workers-wrap' })));
    $('#workers-card').classList.add('spaced');
    renderSweeps();
    renderWorkers();
  }

  async function loadSweep(id) {
    const enc = encodeURIComponent(id);
    const t0 = performance.now();
    const [detail, runs, workers] = await Promise.all([api('/sweeps/' + enc), api('/sweeps/' + enc + '/runs'), api('/workers')]);
    if (state.sweepId !== id) return;
    const mark = (name) => { window.__dash.timings[name] = Math.round(performance.now()); };
    window.__dash.timings = { start: Math.round(t0) };
    mark('fetched');
    const sameSweep = state.detail && state.detail.sweep.sweepId === id;
    state.detail = detail;
    state.runs = new Map(runs.map((r) => [r.runId, r]));
    state.workers = workers;
    if (!sameSweep) { state.selected = new Set(); state.curves = new Map(); state.table.page = 0; }
    destroyCharts();
    $('#crumbs').textContent = '/ ' + detail.sweep.name;
    document.title = detail.sweep.name + ' · Sweepstream';
    $('#main').replaceChildren(
      el('section', { class: 'card', id: 'head' }),
      el('div', { class: 'grid' },
        el('section', { class: 'card', id: 'curves-card' }, el('h2', { text: 'Training curves' }),
          el('div', { class: 'legend', id: 'curves-legend' }), el('div', { class: 'charts' },
            el('div', { class: 'chart', id: 'chart-loss' }), el('div', { class: 'chart', id: 'chart-acc' }))),
        el('section', { class: 'card', id: 'leaderboard-card' }, el('h2', { text: 'Leaderboard' }), el('div', { class: 'scroll', id: 'leaderboard-wrap' })),
        el('section', { class: 'card', id: 'parallel-card' }, el('h2', { text: 'Parallel coordinates' }), el('canvas', { class: 'plot', id: 'parallel' })),
        el('section', { class: 'card', id: 'scatter-card' }, el('h2', { text: 'Metric over run start time' }), el('canvas', { class: 'plot', id: 'scatter' })),
        el('section', { class: 'card', id: 'confusion-card' }, el('h2', { id: 'confusion-title', text: 'Confusion matrix' }), el('div', { class: 'scroll', id: 'confusion-wrap' })),
        el('section', { class: 'card best-values', id: 'best-values-card' }, el('h2', { text: 'Best run per value' }), el('div', { class: 'scroll', id: 'best-values-wrap' })),
        el('section', { class: 'card', id: 'importance-card' }, el('h2', { text: 'Parameter importance' }), el('div', { class: 'scroll', id: 'importance-wrap' })),
        el('section', { class: 'card wide', id: 'workers-card' }, el('h2', { text: 'Workers' }), el('div', { class: 'scroll', id: 'workers-wrap' })),
        el('section', { class: 'card wide', id: 'runs-card' }, el('h2', { text: 'Runs' }), el('div', { class: 'controls', id: 'runs-controls' }),
          el('div', { class: 'scroll', id: 'runs-wrap' }), el('div', { class: 'pager', id: 'runs-pager' }))));
    renderHead();
    renderRunControls();
    renderRuns();
    mark('table');
    renderLeaderboard();
    renderConfusion();
    renderBestValues();
    renderImportance();
    renderWorkers();
    mark('panels');
    renderParallel();
    mark('parallel');
    renderScatter();
    mark('scatter');
    await chartTopRuns();
    mark('curves');
    if (!state.firstRenderDone) {
      state.firstRenderDone = true;
      window.__dash.sweepRenderedMs = performance.now();
      window.__dash.sweepLoadMs = performance.now() - t0;
    }
  }

  async function refreshDetail() {
    try {
      state.detail = await api('/sweeps/' + encodeURIComponent(state.sweepId));
      queue('head', 'summary');
      chartTopRuns();
    } catch (e) { /* the next change retries */ }
  }

  // ---- sweeps list ----------------------------------------------------------------------------
  function countChips(c) {
    const chips = [];
    const add = (n, label, cls) => { if (n > 0) chips.push(el('span', { class: 'chip ' + (cls || ''), text: n + ' ' + label })); };
    add(c.finished, 'finished'); add(c.running, 'running'); add(c.queued, 'queued'); add(c.stopped, 'stopped');
    add(c.stoppedEarly, 'stopped early'); add(c.diverged, 'diverged'); add(c.failed, 'failed');
    return chips.length ? chips : [el('span', { class: 'muted', text: 'no runs yet' })];
  }
  function bar(fraction) {
    const b = el('div', { class: 'bar' }, el('span'));
    b.firstChild.style.width = (100 * Math.max(0, Math.min(1, fraction))).toFixed(1) + '%';
    return b;
  }
  function metricLabel(s) { return s.metricName + (s.metricGoal === 'MINIMIZE' ? ' ↓' : ' ↑'); }

  function renderSweeps() {
    const wrap = $('#sweeps-wrap');
    if (!wrap) return;
    const sweeps = [...state.sweeps.values()].sort((a, b) => b.createdAtMs - a.createdAtMs);
    if (!sweeps.length) { wrap.replaceChildren(el('p', { class: 'empty', text: 'No sweeps yet. Submit one with ./sweep submit SPEC or ./sweep local SPEC.' })); return; }
    const rows = sweeps.map((s) => el('tr', { data: { sweep: s.sweepId } },
      el('td', { class: 'name' }, el('a', { href: '#/sweep/' + encodeURIComponent(s.sweepId), text: s.name || s.sweepId, title: s.sweepId })),
      el('td', { text: s.method || '—' }),
      el('td', {}, el('span', { class: 'status ' + s.status, text: s.status })),
      el('td', {}, countChips(s.counts)),
      el('td', {}, bar(s.progress), el('span', { class: 'small muted', text: pct(s.progress) + (s.totalRuns ? ' of ' + s.totalRuns : '') })),
      el('td', { class: 'num best', text: s.best ? fmt(s.best.value) : '—', title: s.best ? s.best.runId : null }),
      el('td', { text: time(s.createdAtMs) }),
      el('td', { class: 'num', text: dur(s.elapsedMs) })));
    wrap.replaceChildren(el('table', { id: 'sweeps-table' },
      el('thead', {}, el('tr', {}, ['Name', 'Method', 'Status', 'Runs', 'Progress', 'Best', 'Started', 'Elapsed'].map((h) => el('th', { text: h })))),
      el('tbody', {}, rows)));
  }

  // ---- sweep view -----------------------------------------------------------------------------
  function renderHead() {
    const s = state.detail.sweep;
    const over = s.status === 'FINISHED' || s.status === 'CANCELLED';
    $('#head').replaceChildren(el('div', { class: 'head' },
      el('div', {},
        el('h1', { id: 'sweep-name', text: s.name || s.sweepId }),
        el('div', { class: 'meta' },
          el('span', { class: 'status ' + s.status, text: s.status }), el('span', { text: s.method || '' }),
          el('span', { text: metricLabel(s) }), el('span', { text: s.dataset || '' }), el('span', { class: 'small', text: s.sweepId }),
          el('span', { text: 'started ' + time(s.createdAtMs) }), el('span', { text: 'elapsed ' + dur(s.elapsedMs) })),
        bar(s.progress),
        el('div', {}, countChips(s.counts), el('span', { class: 'small muted', text: ' ' + pct(s.progress) + (s.totalRuns ? ' of ' + s.totalRuns + ' runs' : '') }))),
      el('div', {},
        el('div', { class: 'muted small', text: 'best ' + metricLabel(s) }),
        el('div', { id: 'sweep-best', text: s.best ? fmt(s.best.value) : '—' }),
        el('div', { class: 'small', text: s.best ? s.best.runId : '' }),
        over ? null : s.status === 'PAUSED'
          ? el('button', { id: 'resume-sweep', text: 'Resume sweep',
            onclick: () => command('/sweeps/' + encodeURIComponent(s.sweepId) + '/resume') })
          : el('button', { id: 'pause-sweep', text: 'Pause sweep',
            onclick: () => command('/sweeps/' + encodeURIComponent(s.sweepId) + '/pause', 'Pause sweep ' + s.name + '? Running runs finish; no new run starts until you resume it.') }),
        over ? null : el('button', { class: 'danger', id: 'cancel-sweep', text: 'Cancel sweep',
          onclick: () => command('/sweeps/' + encodeURIComponent(s.sweepId) + '/cancel', 'Cancel sweep ' + s.name + '? Its running runs stop and queued ones are skipped.') }))));
  }

  function sweptNames() {
    return state.detail.parameters.filter((p) => p.swept && state.detail.hyperparameterNames.includes(p.name)).map((p) => p.name);
  }
  function shownParams() {
    const names = state.detail.hyperparameterNames;
    return state.table.allParams || sweptNames().length === 0 ? names : sweptNames();
  }
  // 0.00010839737793341074 reads as 0.0001084; the exact value stays in the API.
  function short(v) {
    const n = Number(v);
    return v !== '' && !Number.isNaN(n) && v.length > 8 ? String(Number(n.toPrecision(4))) : v;
  }
  function hp(run, name) {
    const i = state.detail.hyperparameterNames.indexOf(name);
    return run.hyperparameters && run.hyperparameters.length > i ? run.hyperparameters[i] : '';
  }

  const COLUMNS = () => {
    const cols = [
      { key: 'index', label: '#', num: true, value: (r) => r.index, text: (r) => r.index >= 0 ? String(r.index) : '—' },
      { key: 'run', label: 'Run', value: (r) => r.runId, text: (r) => r.runId },
      { key: 'status', label: 'Status', value: (r) => r.status, text: (r) => r.retrying ? 'RETRYING' : r.status },
      { key: 'attempt', label: 'Attempt', num: true, value: (r) => r.attempt, text: (r) => String(r.attempt) },
    ];
    for (const name of shownParams()) {
      cols.push({ key: 'hp:' + name, label: name, param: true, value: (r) => { const v = hp(r, name); const n = Number(v); return v !== '' && !Number.isNaN(n) ? n : v; }, text: (r) => short(hp(r, name)) });
    }
    cols.push(
      { key: 'metric', label: state.detail.sweep.metricName, num: true, value: (r) => r.metric, text: (r) => fmt(r.metric) },
      { key: 'bestVal', label: 'best val acc', num: true, value: (r) => r.bestValAccuracy, text: (r) => fmt(r.bestValAccuracy) },
      { key: 'test', label: 'test acc', num: true, value: (r) => r.testAccuracy, text: (r) => fmt(r.testAccuracy) },
      { key: 'epochs', label: 'epochs', num: true, value: (r) => r.epochsDone, text: (r) => r.epochsDone + '/' + r.epochs },
      { key: 'duration', label: 'duration', num: true, value: (r) => r.durationMs, text: (r) => dur(r.durationMs) },
      { key: 'worker', label: 'worker', value: (r) => r.worker || '', text: (r) => r.worker || '—' });
    return cols;
  };

  function renderRunControls() {
    const statuses = ['', 'QUEUED', 'RUNNING', 'FINISHED', 'STOPPED', 'STOPPED_EARLY', 'DIVERGED', 'FAILED'];
    const filter = el('input', { type: 'search', id: 'runs-filter', placeholder: 'filter: text, or name=value (e.g. optimizer=adam)', value: state.table.filter,
      oninput: (e) => { state.table.filter = e.target.value; state.table.page = 0; renderRuns(); } });
    const status = el('select', { id: 'runs-status', onchange: (e) => { state.table.status = e.target.value; state.table.page = 0; renderRuns(); } },
      statuses.map((s) => el('option', { value: s, text: s || 'any status', selected: s === state.table.status })));
    const all = el('label', { class: 'small' }, el('input', { type: 'checkbox', id: 'runs-all-params', checked: state.table.allParams,
      onchange: (e) => { state.table.allParams = e.target.checked; renderRuns(); } }), ' every hyperparameter');
    $('#runs-controls').replaceChildren(filter, status, all);
  }

  function filteredRuns(cols) {
    const t = state.table;
    const terms = t.filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let rows = [...state.runs.values()];
    if (t.status) rows = rows.filter((r) => r.status === t.status);
    if (terms.length) {
      rows = rows.filter((r) => terms.every((term) => {
        const eq = term.match(/^([a-z_0-9 ]+)[=:](.*)$/);
        if (eq) {
          const col = cols.find((c) => c.label.toLowerCase() === eq[1] || c.key === eq[1]);
          if (col) return String(col.text(r)).toLowerCase() === eq[2];
          const i = state.detail.hyperparameterNames.indexOf(eq[1]);
          if (i >= 0) return String(hp(r, eq[1])).toLowerCase() === eq[2];
        }
        return cols.some((c) => String(c.text(r)).toLowerCase().includes(term));
      }));
    }
    const col = cols.find((c) => c.key === t.sort) || cols[0];
    const dir = t.dir;
    rows.sort((a, b) => {
      const x = col.value(a), y = col.value(b);
      const xe = x === null || x === undefined || x === '', ye = y === null || y === undefined || y === '';
      if (xe || ye) return xe === ye ? 0 : xe ? 1 : -1; // empty values last, either way
      return (x < y ? -1 : x > y ? 1 : 0) * dir || (a.index - b.index);
    });
    return rows;
  }

  function renderRuns() {
    const wrap = $('#runs-wrap');
    if (!wrap) return;
    const cols = COLUMNS();
    const rows = filteredRuns(cols);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    state.table.page = Math.min(state.table.page, pages - 1);
    const page = rows.slice(state.table.page * PAGE_SIZE, (state.table.page + 1) * PAGE_SIZE);
    const head = el('tr', {}, el('th', { class: 'small', title: 'tick a run to chart its curves', text: 'chart' }), cols.map((c) => {
      const th = el('th', { class: 'sortable' + (c.num ? ' num' : '') + (state.table.sort === c.key ? (state.table.dir > 0 ? ' sorted-asc' : ' sorted-desc') : ''), text: c.label, data: { col: c.key } });
      th.addEventListener('click', () => {
        if (state.table.sort === c.key) state.table.dir = -state.table.dir; else { state.table.sort = c.key; state.table.dir = c.num && c.key !== 'index' ? -1 : 1; }
        renderRuns();
      });
      return th;
    }), el('th'));
    const body = page.map((r) => {
      const tr = el('tr', { data: { run: r.runId }, title: r.error || null });
      const box = el('input', { type: 'checkbox', checked: state.selected.has(r.runId), onchange: (e) => toggleRun(r.runId, e.target.checked) });
      tr.append(el('td', {}, box));
      for (const c of cols) {
        const td = el('td', { class: c.num ? 'num' : null, data: { col: c.key } });
        if (c.key === 'status') td.append(el('span', { class: 'status ' + (r.retrying ? 'LOST' : r.status), text: c.text(r) }));
        else td.textContent = c.text(r);
        tr.append(td);
      }
      const live = r.status === 'RUNNING' || r.status === 'QUEUED';
      tr.append(el('td', {}, live ? el('button', { class: 'danger small', text: 'Stop',
        onclick: () => command('/runs/' + encodeURIComponent(r.runId) + '/stop', 'Stop run ' + r.runId + '?') }) : null));
      return tr;
    });
    wrap.replaceChildren(el('table', { id: 'runs-table' }, el('thead', {}, head), el('tbody', {}, body)));
    if (!rows.length) wrap.append(el('p', { class: 'empty', text: state.runs.size ? 'No run matches the filter.' : 'No runs yet.' }));
    $('#runs-pager').replaceChildren(
      el('button', { text: '‹ prev', disabled: state.table.page === 0, onclick: () => { state.table.page--; renderRuns(); } }),
      el('span', { id: 'runs-page', class: 'small muted', text: 'page ' + (state.table.page + 1) + ' of ' + pages + ' · ' + rows.length + ' of ' + state.runs.size + ' runs' }),
      el('button', { text: 'next ›', disabled: state.table.page >= pages - 1, onclick: () => { state.table.page++; renderRuns(); } }));
  }

  function toggleRun(runId, on) {
    if (on) state.selected.add(runId); else state.selected.delete(runId);
    chartTopRuns();
  }

  function renderLeaderboard() {
    const wrap = $('#leaderboard-wrap');
    const summary = state.detail.summary;
    if (!summary || !summary.leaderboard.length) { wrap.replaceChildren(el('p', { class: 'empty', text: 'Waiting for the evaluator\'s first ranked result (./sweep evaluator).' })); return; }
    const names = sweptNames();
    const hpIndex = (n) => state.detail.hyperparameterNames.indexOf(n);
    wrap.replaceChildren(el('table', { id: 'leaderboard' },
      el('thead', {}, el('tr', {}, el('th', { class: 'num', text: '#' }), el('th', { text: 'Run' }), el('th', { class: 'num', text: state.detail.sweep.metricName }),
        el('th', { class: 'num', text: 'test acc' }), el('th', { text: 'status' }), names.map((n) => el('th', { text: n })))),
      el('tbody', {}, summary.leaderboard.map((e) => el('tr', { data: { run: e.runId } },
        el('td', { class: 'num', text: e.rank, data: { col: 'rank' } }), el('td', { text: e.runId, data: { col: 'run' } }),
        el('td', { class: 'num', text: fmt(e.metricValue), data: { col: 'metric' } }), el('td', { class: 'num', text: fmt(e.testAccuracy), data: { col: 'test' } }),
        el('td', {}, el('span', { class: 'status ' + e.status, text: e.status })),
        names.map((n) => el('td', { text: short(e.hyperparameters[hpIndex(n)]) })))))));
  }

  function renderConfusion() {
    const wrap = $('#confusion-wrap');
    const summary = state.detail.summary;
    if (!summary || !summary.bestConfusionMatrix) { wrap.replaceChildren(el('p', { class: 'empty', text: 'No evaluated run yet.' })); return; }
    $('#confusion-title').textContent = 'Confusion matrix of the best run, ' + summary.bestRunId;
    const m = summary.bestConfusionMatrix;
    const names = m.map((_, i) => summary.classNames[i] || String(i));
    const rgb = cssVar('--accent-rgb');
    const rows = m.map((row, t) => {
      const total = row.reduce((a, b) => a + b, 0) || 1;
      return el('tr', {}, el('th', { text: names[t] }), row.map((v, p) => {
        const td = el('td', { text: v, data: { true: t, pred: p }, title: names[t] + ' predicted as ' + names[p] + ': ' + v });
        const a = v / total;
        td.style.backgroundColor = 'rgba(' + rgb + ',' + (0.08 + 0.92 * a).toFixed(3) + ')';
        if (a > 0.5) td.classList.add('hot');
        return td;
      }));
    });
    wrap.replaceChildren(el('table', { id: 'confusion' },
      el('thead', {}, el('tr', {}, el('th', { class: 'small muted', text: 'true ↓ / predicted →' }), names.map((n) => el('th', { class: 'rot', text: n })))),
      el('tbody', {}, rows)));
  }

  function renderBestValues() {
    const wrap = $('#best-values-wrap');
    const summary = state.detail.summary;
    const categorical = new Set(state.detail.parameters.filter((p) => p.categorical && p.swept).map((p) => p.name));
    const entries = summary ? summary.bestPerParameterValue.filter((b) => categorical.has(b.parameter)) : [];
    if (!entries.length) { wrap.replaceChildren(el('p', { class: 'empty', text: summary ? 'No categorical parameter is swept.' : 'Waiting for the evaluator.' })); return; }
    const byParam = new Map();
    for (const b of entries) { if (!byParam.has(b.parameter)) byParam.set(b.parameter, []); byParam.get(b.parameter).push(b); }
    wrap.replaceChildren(...[...byParam.entries()].map(([param, list]) => el('table', { class: 'best-value', data: { param } },
      el('thead', {}, el('tr', {}, el('th', { text: param }), el('th', { class: 'num', text: 'best ' + state.detail.sweep.metricName }), el('th', { text: 'run' }))),
      el('tbody', {}, list.map((b) => el('tr', {}, el('td', { text: b.value }), el('td', { class: 'num', text: fmt(b.metricValue) }), el('td', { text: b.runId })))))));
  }

  // The evaluator's importance (random-forest permutation shares, summing to 1) and correlation with the
  // metric (Pearson for numbers, on the log for log-scaled ones; the unsigned correlation ratio for categories).
  function renderImportance() {
    const wrap = $('#importance-wrap');
    const summary = state.detail.summary;
    const rows = summary ? summary.importance : [];
    if (!rows.length) { wrap.replaceChildren(el('p', { class: 'empty', text: summary ? 'Shown once 5 runs have a metric.' : 'Waiting for the evaluator.' })); return; }
    wrap.replaceChildren(el('table', { id: 'importance' },
      el('thead', {}, el('tr', {}, el('th', { text: 'parameter' }), el('th', { text: 'importance' }), el('th', { class: 'num', text: 'correlation' }))),
      el('tbody', {}, rows.map((i) => el('tr', { data: { param: i.parameter } },
        el('td', { text: i.parameter }),
        el('td', { class: 'importance', data: { col: 'importance' } },
          impBar(i.importance),
          el('span', { class: 'num', text: ' ' + fmt(i.importance, 2) })),
        el('td', { class: 'num', data: { col: 'correlation' }, text: i.correlation == null ? '' : fmt(i.correlation, 2) }))))));
  }

  function impBar(share) {
    const b = el('span', { class: 'imp-bar' });
    b.style.width = Math.round(120 * Math.max(0, Math.min(1, share))) + 'px'; // CSSOM, which the CSP allows
    return b;
  }

  function renderWorkers() {
    const wrap = $('#workers-wrap');
    if (!wrap) return;
    const workers = state.workers;
    if (!workers.length) { wrap.replaceChildren(el('p', { class: 'empty', text: 'No worker has reported yet.' })); return; }
    wrap.replaceChildren(el('table', { id: 'workers' },
      el('thead', {}, el('tr', {}, ['Worker', 'Host', 'State', 'Run', 'Epoch', 'Progress', 'samples/s', 'Last heartbeat'].map((h) => el('th', { text: h })))),
      el('tbody', {}, workers.map((w) => el('tr', { data: { worker: w.workerId } },
        el('td', { text: w.workerId }), el('td', { text: w.host }),
        el('td', {}, el('span', { class: 'status ' + w.state, text: w.state === 'LOST' ? 'LOST (run being retried)' : w.state, data: { col: 'state' } })),
        el('td', { text: w.runId || '—' }), el('td', { class: 'num', text: w.epoch ? w.epoch + '/' + w.epochs : '—' }),
        el('td', {}, w.runId ? bar(w.progress) : '—'),
        el('td', { class: 'num', text: w.samplesPerSecond ? Math.round(w.samplesPerSecond).toLocaleString() : '—' }),
        el('td', { class: 'heartbeat', data: { at: w.heartbeatAtMs }, text: ago(w.heartbeatAtMs) }))))));
  }
  setInterval(() => { document.querySelectorAll('td.heartbeat').forEach((td) => { td.textContent = ago(Number(td.dataset.at)); }); }, 1000);

  // ---- curves ---------------------------------------------------------------------------------
  async function chartTopRuns() {
    const summary = state.detail && state.detail.summary;
    const top = summary ? summary.leaderboard.slice(0, TOP_RUNS).map((e) => e.runId) : [];
    const wanted = [...new Set([...state.selected, ...top])].slice(0, MAX_CHARTED);
    const missing = wanted.filter((id) => !state.curves.has(id));
    const id = state.sweepId;
    const loaded = await Promise.all(missing.map((r) => api('/runs/' + encodeURIComponent(r) + '/metrics').catch(() => null)));
    if (state.sweepId !== id) return;
    loaded.forEach((d) => { if (d) state.curves.set(d.run.runId, { attempt: d.run.attempt, epoch: d.epoch, trainLoss: d.trainLoss, trainAccuracy: d.trainAccuracy, valLoss: d.valLoss, valAccuracy: d.valAccuracy }); });
    const charted = wanted.filter((r) => state.curves.has(r));
    if (charted.join() !== state.charted.join() || !state.charts.loss) { state.charted = charted; renderCurves(); } else updateCurves();
  }

  function curveData(kind) {
    const maxEpoch = Math.max(1, ...state.charted.map((id) => Math.max(0, ...state.curves.get(id).epoch)));
    const xs = Array.from({ length: maxEpoch }, (_, i) => i + 1);
    const data = [xs];
    for (const id of state.charted) {
      const c = state.curves.get(id);
      for (const field of kind === 'loss' ? ['trainLoss', 'valLoss'] : ['trainAccuracy', 'valAccuracy']) {
        const ys = new Array(maxEpoch).fill(null);
        c.epoch.forEach((e, i) => { ys[e - 1] = c[field][i]; });
        data.push(ys);
      }
    }
    return data;
  }

  function chartWidth(node) { return Math.max(240, node.clientWidth || node.parentNode.clientWidth || 400); }

  function renderCurves() {
    for (const k of ['loss', 'acc']) { if (state.charts[k]) { state.charts[k].destroy(); state.charts[k] = null; } }
    const legend = $('#curves-legend');
    if (!legend) return;
    if (!state.charted.length) {
      legend.replaceChildren(el('span', { class: 'muted', text: 'Curves show the top runs and the runs you tick in the table.' }));
      $('#chart-loss').replaceChildren(); $('#chart-acc').replaceChildren();
      return;
    }
    legend.replaceChildren(el('span', { class: 'muted', text: 'dashed: train, solid: validation' }),
      ...state.charted.map((id, i) => el('span', { data: { run: id } }, el('span', { class: 'swatch', style: null }), id)));
    legend.querySelectorAll('.swatch').forEach((s, i) => { s.style.background = PALETTE[i % PALETTE.length]; });
    const axisColor = cssVar('--muted'), grid = cssVar('--line');
    for (const [k, title] of [['loss', 'loss'], ['acc', 'accuracy']]) {
      const node = $('#chart-' + k);
      node.replaceChildren();
      const series = [{ label: 'epoch' }];
      state.charted.forEach((id, i) => {
        const color = PALETTE[i % PALETTE.length];
        series.push({ label: id + ' train', stroke: color, width: 1.5, dash: [5, 4], spanGaps: true, points: { size: 4 } });
        series.push({ label: id + ' val', stroke: color, width: 2, spanGaps: true, points: { size: 4 } });
      });
      const opts = {
        width: chartWidth(node), height: 220, title, legend: { show: false }, cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } }, series,
        axes: [{ stroke: axisColor, grid: { stroke: grid }, label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] }, { stroke: axisColor, grid: { stroke: grid } }],
      };
      state.charts[k] = new uPlot(opts, curveData(k === 'loss' ? 'loss' : 'acc'), node);
      node.dataset.runs = state.charted.join(',');
    }
    markPoints();
  }

  function updateCurves() {
    if (!state.charts.loss) { renderCurves(); return; }
    state.charts.loss.setData(curveData('loss'));
    state.charts.acc.setData(curveData('acc'));
    markPoints();
  }

  // For people and tests alike: how many epochs each charted run has on the page.
  function markPoints() {
    const node = $('#chart-acc');
    if (node) node.dataset.points = state.charted.map((id) => id + ':' + state.curves.get(id).epoch.length).join(',');
  }

  function destroyCharts() {
    for (const k of Object.keys(state.charts)) { if (state.charts[k]) state.charts[k].destroy(); }
    state.charts = {};
    state.charted = [];
  }

  // ---- parallel coordinates and scatter -------------------------------------------------------
  function metricColor(t) {
    // low = muted blue, high = warm: t in [0, 1], 1 = best
    const a = [59, 130, 246], b = [234, 88, 12];
    return 'rgb(' + a.map((x, i) => Math.round(x + (b[i] - x) * t)).join(',') + ')';
  }

  function renderParallel() {
    const canvas = $('#parallel');
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || 400, h = canvas.clientHeight || 280;
    canvas.width = w * dpr; canvas.height = h * dpr;
    const g = canvas.getContext('2d');
    g.scale(dpr, dpr);
    g.clearRect(0, 0, w, h);
    const runs = [...state.runs.values()].filter((r) => r.metric !== null && r.metric !== undefined);
    const params = sweptNames();
    const fg = cssVar('--fg'), muted = cssVar('--muted');
    g.font = '11px ' + cssVar('--font');
    if (!runs.length || !params.length) {
      g.fillStyle = muted; g.fillText(runs.length ? 'No swept parameter.' : 'No run with a result yet.', 8, 20);
      canvas.dataset.lines = '0';
      return;
    }
    const axes = params.map((name) => {
      const values = runs.map((r) => hp(r, name));
      const nums = values.map(Number);
      if (nums.every((n) => !Number.isNaN(n))) {
        const min = Math.min(...nums), max = Math.max(...nums);
        const log = min > 0 && max / min > 20;
        const f = log ? Math.log10 : (x) => x;
        const lo = f(min), hi = f(max);
        return { name, pos: (r) => hi === lo ? 0.5 : (f(Number(hp(r, name))) - lo) / (hi - lo), ticks: [[0, short(String(min))], [1, short(String(max))]] };
      }
      const cats = [...new Set(values)].sort();
      return { name, pos: (r) => cats.length === 1 ? 0.5 : cats.indexOf(hp(r, name)) / (cats.length - 1), ticks: cats.map((c, i) => [cats.length === 1 ? 0.5 : i / (cats.length - 1), c]) };
    });
    const ms = runs.map((r) => r.metric);
    const mMin = Math.min(...ms), mMax = Math.max(...ms);
    const better = (v) => mMax === mMin ? 1 : (state.detail.sweep.metricGoal === 'MINIMIZE' ? (mMax - v) : (v - mMin)) / (mMax - mMin);
    axes.push({ name: state.detail.sweep.metricName, pos: (r) => mMax === mMin ? 0.5 : (r.metric - mMin) / (mMax - mMin), ticks: [[0, fmt(mMin)], [1, fmt(mMax)]] });
    const left = 30, right = 50, top = 32, bottom = 20;
    const x = (i) => left + (w - left - right) * (axes.length === 1 ? 0.5 : i / (axes.length - 1));
    const y = (p) => top + (h - top - bottom) * (1 - p);
    g.globalAlpha = runs.length > 2000 ? 0.08 : runs.length > 300 ? 0.25 : 0.6;
    g.lineWidth = 1;
    const sorted = runs.slice().sort((a, b) => better(a.metric) - better(b.metric)); // best drawn last, on top
    for (const r of sorted) {
      g.strokeStyle = metricColor(better(r.metric));
      g.beginPath();
      axes.forEach((a, i) => { const px = x(i), py = y(a.pos(r)); if (i === 0) g.moveTo(px, py); else g.lineTo(px, py); });
      g.stroke();
    }
    g.globalAlpha = 1;
    g.strokeStyle = muted; g.fillStyle = fg;
    axes.forEach((a, i) => {
      const px = x(i);
      g.beginPath(); g.moveTo(px, y(0)); g.lineTo(px, y(1)); g.stroke();
      g.textAlign = i === 0 ? 'left' : i === axes.length - 1 ? 'right' : 'center';
      const crowded = (w - left - right) / Math.max(1, axes.length - 1) < 90;
      g.fillText(a.name, px, crowded && i % 2 === 1 ? 22 : 10); // names take two rows when the axes stand close
      g.textAlign = 'left';
      g.fillStyle = muted;
      for (const [p, label] of a.ticks.slice(0, 12)) g.fillText(String(label).slice(0, 12), px + 3, y(p) + 4);
      g.fillStyle = fg;
    });
    canvas.dataset.lines = String(runs.length);
  }

  // A canvas of its own: 10,000 squares draw in milliseconds, where a chart library's round markers take hundreds.
  function renderScatter() {
    const canvas = $('#scatter');
    if (!canvas) return;
    const runs = [...state.runs.values()].filter((r) => r.metric !== null && r.metric !== undefined && r.startedAtMs);
    canvas.dataset.points = String(runs.length);
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || 400, h = canvas.clientHeight || 280;
    canvas.width = w * dpr; canvas.height = h * dpr;
    const g = canvas.getContext('2d');
    g.scale(dpr, dpr);
    g.clearRect(0, 0, w, h);
    const fg = cssVar('--fg'), muted = cssVar('--muted'), grid = cssVar('--line');
    g.font = '11px ' + cssVar('--font');
    if (!runs.length) { g.fillStyle = muted; g.fillText('No run with a result yet.', 8, 20); return; }
    const xs = runs.map((r) => r.startedAtMs), ys = runs.map((r) => r.metric);
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    if (x1 === x0) { x0 -= 1000; x1 += 1000; }
    if (y1 === y0) { y0 -= 0.01; y1 += 0.01; }
    const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
    const left = 52, right = 12, top = 10, bottom = 28;
    const px = (v) => left + (w - left - right) * (v - x0) / (x1 - x0);
    const py = (v) => top + (h - top - bottom) * (1 - (v - y0) / (y1 - y0));
    g.strokeStyle = grid; g.fillStyle = muted; g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const yv = y0 + (y1 - y0) * i / 4, yy = Math.round(py(yv)) + 0.5;
      g.beginPath(); g.moveTo(left, yy); g.lineTo(w - right, yy); g.stroke();
      g.textAlign = 'right'; g.fillText(fmt(yv, 3), left - 4, yy + 4);
      const xv = x0 + (x1 - x0) * i / 4, xx = Math.round(px(xv)) + 0.5;
      g.beginPath(); g.moveTo(xx, top); g.lineTo(xx, h - bottom); g.stroke();
      g.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center';
      g.fillText(new Date(xv).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), xx, h - bottom + 14);
    }
    g.textAlign = 'left';
    g.fillText('run start →', left, h - 2);
    g.fillStyle = PALETTE[0];
    g.globalAlpha = runs.length > 2000 ? 0.5 : 0.85;
    const size = runs.length > 2000 ? 2 : 4;
    for (let i = 0; i < runs.length; i++) g.fillRect(px(xs[i]) - size / 2, py(ys[i]) - size / 2, size, size);
    g.globalAlpha = 1;
    g.fillStyle = fg;
  }

  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (state.route !== 'sweep' || !state.detail) return;
      for (const k of ['loss', 'acc']) { const c = state.charts[k]; if (c) c.setSize({ width: chartWidth($('#chart-' + k)), height: 220 }); }
      renderParallel();
      renderScatter();
    }, 150);
  });

  window.addEventListener('hashchange', () => load());
  route();
  connect();
})();
