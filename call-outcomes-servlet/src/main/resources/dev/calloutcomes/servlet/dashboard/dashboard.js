// The outcomes dashboard: reads the call API's read routes (api/calls, api/calls/stats) as the signed-in tenant.
(function () {
  'use strict';
  var TOKEN = 'calloutcomes.dashboard.token';
  var OUTCOMES = ['completed', 'voicemail', 'no_answer', 'busy', 'failed'];
  var COLORS = { completed: '#2e7d32', voicemail: '#6a1b9a', no_answer: '#f9a825', busy: '#ef6c00', failed: '#c62828' };
  var charts = {};

  // A token handed over in the fragment (never sent to a server) is kept for this tab and taken out of the address.
  var handed = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (handed) {
    sessionStorage.setItem(TOKEN, decodeURIComponent(handed[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }

  function el(id) { return document.getElementById(id); }

  function filters() {
    var form = el('filters');
    var day = function (name, plusDays) {
      var v = form.elements[name].value;
      if (!v) { return ''; }
      var d = new Date(v + 'T00:00:00Z');
      d.setUTCDate(d.getUTCDate() + plusDays);
      return d.toISOString().replace('.000Z', 'Z');
    };
    return {
      from: day('from', 0), to: day('to', 1),
      campaign: form.elements.campaign.value.trim(), agent: form.elements.agent.value.trim(),
      outcome: form.elements.outcome.value, direction: form.elements.direction.value,
      simulated: form.elements.simulated.checked ? 'include' : ''
    };
  }

  function get(path, params) {
    var query = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k]) { query.set(k, params[k]); } });
    var headers = {};
    var token = sessionStorage.getItem(TOKEN);
    if (token) { headers.Authorization = 'Bearer ' + token; }
    return fetch('api/calls' + path + '?' + query, { headers: headers, credentials: 'same-origin' }).then(function (r) {
      if (r.status === 401) { throw { unauthorized: true }; }
      if (!r.ok) {
        return r.json().then(function (p) { throw new Error(p.detail || ('HTTP ' + r.status)); },
          function () { throw new Error('HTTP ' + r.status); });
      }
      return r.json();
    });
  }

  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init(el(id), null, { renderer: 'canvas' }); }
    return charts[id];
  }

  function outcomeSeries(groups) {
    return OUTCOMES.map(function (o) {
      return { name: o, type: 'bar', stack: 'calls', itemStyle: { color: COLORS[o] },
        data: groups.map(function (g) { return g.outcomes[o] || 0; }) };
    });
  }

  function stacked(id, groups, horizontal) {
    var keys = groups.map(function (g) { return g.key; });
    var category = { type: 'category', data: keys };
    var value = { type: 'value', minInterval: 1 };
    chart(id).setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: horizontal ? 110 : 40, right: 16, top: 30, bottom: 30 },
      xAxis: horizontal ? value : category, yAxis: horizontal ? category : value,
      series: outcomeSeries(groups)
    }, true);
  }

  function trend(groups) {
    chart('trend').setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 44, right: 50, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: groups.map(function (g) { return g.key; }) },
      yAxis: [{ type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
        { type: 'value', min: 0, axisLabel: { formatter: '{value} s' } }],
      series: [
        { name: 'answer rate', type: 'line', data: groups.map(function (g) { return g.answerRate == null ? null : Math.round(g.answerRate * 1000) / 10; }) },
        { name: 'average duration', type: 'line', yAxisIndex: 1,
          data: groups.map(function (g) { return g.averageDurationSeconds == null ? null : Math.round(g.averageDurationSeconds); }) }
      ]
    }, true);
  }

  function summary(byOutcome, f) {
    var calls = 0, decided = 0, completed = 0, seconds = 0, timed = 0;
    byOutcome.groups.forEach(function (g) {
      calls += g.calls;
      if (g.key !== 'none') { decided += g.calls; }
      if (g.key === 'completed') { completed += g.calls; }
      if (g.averageDurationSeconds != null) { seconds += g.averageDurationSeconds * g.calls; timed += g.calls; }
    });
    el('total-calls').textContent = String(calls);
    el('answer-rate').textContent = decided ? Math.round(completed * 100 / decided) + ' %' : '–';
    el('average-duration').textContent = timed ? Math.round(seconds / timed) + ' s' : '–';
    el('window').textContent = (f.from || f.to) ? (f.from || '…').slice(0, 10) + ' – ' + (f.to ? el('filters').elements.to.value : '…')
      : 'last 30 days';
  }

  function cell(row, text, cls) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }

  function table(page) {
    var body = el('calls').tBodies[0];
    body.replaceChildren();
    page.items.forEach(function (c) {
      var row = document.createElement('tr');
      row.className = 'call';
      cell(row, c.createdAt ? c.createdAt.replace('T', ' ').slice(0, 19) : '');
      cell(row, c.phoneNumber);
      cell(row, c.campaignId);
      cell(row, c.agent);
      cell(row, c.outcome || c.status, 'outcome');
      cell(row, c.disposition);
      cell(row, c.reason);
      cell(row, c.duration == null ? '' : c.duration + ' s');
      var rec = cell(row, '');
      if (c.recordingUrl && /^https?:\/\//i.test(c.recordingUrl)) {
        var a = document.createElement('a');
        a.href = c.recordingUrl;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        a.textContent = 'recording';
        rec.appendChild(a);
      } else if (c.recordingError) {
        rec.textContent = 'failed';
      }
      body.appendChild(row);
    });
  }

  function refresh() {
    var f = filters();
    var range = { from: f.from, to: f.to, simulated: f.simulated, campaign: f.campaign, agent: f.agent, direction: f.direction };
    var stats = function (groupBy) { return get('/stats', Object.assign({ groupBy: groupBy }, range)); };
    el('status').textContent = '';
    document.body.dataset.state = 'loading';
    return Promise.all([stats('outcome'), stats('day'), stats('campaign'), stats('agent'),
      get('', { from: f.from, to: f.to, campaign: f.campaign, agent: f.agent, outcome: f.outcome, direction: f.direction, limit: 50 })])
      .then(function (r) {
        el('login').hidden = true;
        el('board').hidden = false;
        summary(r[0], f);
        stacked('per-day', r[1].groups, false);
        trend(r[1].groups);
        stacked('by-campaign', r[2].groups, true);
        stacked('by-agent', r[3].groups, true);
        table(r[4]);
        // Sized to their boxes now that the board is laid out (it may have been hidden behind the token form).
        Object.keys(charts).forEach(function (k) { charts[k].resize(); });
        document.body.dataset.state = 'ready';
      }, function (e) {
        if (e && e.unauthorized) {
          sessionStorage.removeItem(TOKEN);
          el('board').hidden = true;
          el('login').hidden = false;
        } else {
          el('status').textContent = e.message;
        }
        document.body.dataset.state = 'error';
      });
  }

  el('filters').addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
  el('token-form').addEventListener('submit', function (e) {
    e.preventDefault();
    sessionStorage.setItem(TOKEN, e.target.elements.token.value.trim());
    e.target.reset();
    refresh();
  });
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  refresh();
}());
