// The dashboard: totals and rates, received/concluded per day, by community and grid, top categories, overdue by assignee; CSV export.
(function () {
  'use strict';
  const h = GL.h;
  const pct = (v) => v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%';
  let charts = [];

  GL.dashboard = async function () {
    charts.forEach(c => c.dispose());
    charts = [];
    const today = new Date();
    const iso = (d) => d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
    const from = h('input', { id: 'd-from', type: 'date', value: iso(new Date(today.getTime() - 29 * 86400000)) });
    const to = h('input', { id: 'd-to', type: 'date', value: iso(today) });
    const exportLink = h('a', { id: 'export-figures', href: '#' }, '导出统计 CSV');
    const cards = h('div', { class: 'cards', id: 'figures' });
    const box = (id, title) => h('div', { class: 'panel' }, h('h3', {}, title), h('div', { class: 'chart', id }));
    const err = h('p', { class: 'error' });

    GL.show(h('h2', {}, '统计'),
      h('div', { class: 'panel filters' }, h('label', {}, '起', from), h('label', {}, '止', to),
        h('button', { id: 'd-refresh', type: 'button', onclick: () => load() }, '刷新'), exportLink, err),
      cards,
      h('div', { class: 'charts' }, box('c-daily', '每日受理与办结'), box('c-community', '各社区指标'), box('c-grid', '各网格受理与办结'),
        box('c-category', '热点分类（前十）'), box('c-overdue', '当前超期（按处理人）')),
      h('p', { class: 'muted' }, '各项比率的口径见 docs/metrics.md。'));

    async function load() {
      const q = 'from=' + from.value + '&to=' + to.value;
      exportLink.href = '/api/metrics/export.csv?' + q;
      let s;
      try { s = await GL.api('GET', '/api/metrics/dashboard?' + q); err.textContent = ''; } catch (e) { err.textContent = GL.problemText(e); return; }
      const t = s.total.counts, r = s.total.rates;
      const card = (id, k, v) => h('div', { class: 'card' }, h('div', { class: 'v', id }, String(v)), h('div', { class: 'k' }, k));
      cards.replaceChildren(card('fig-received', '受理量', t.received), card('fig-concluded', '办结量', t.concluded), card('fig-overdue', '当前超期', s.overdueNow),
        card('fig-conclusion', '办结率', pct(r.conclusionRate)), card('fig-ontime', '按时办结率', pct(r.onTimeRate)),
        card('fig-satisfaction', '满意率', pct(r.satisfactionRate)), card('fig-first', '初信初访化解率', pct(r.firstPetitionResolutionRate)),
        card('fig-repeat', '重复访率', pct(r.repeatReportRate)));
      if (!window.echarts) return;
      charts.forEach(c => c.dispose());
      charts = [];
      const chart = (id, option) => { const c = echarts.init(document.getElementById(id)); c.setOption(option); charts.push(c); };
      const bar = (names, series, percent) => ({
        tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 48, right: 16, bottom: 60 },
        xAxis: { type: 'category', data: names, axisLabel: { rotate: names.length > 4 ? 30 : 0 } },
        yAxis: { type: 'value', max: percent ? 1 : null, axisLabel: percent ? { formatter: (v) => (v * 100) + '%' } : {} },
        series: series.map(([name, data]) => ({ name, type: 'bar', data })),
      });
      chart('c-daily', {
        tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 40, right: 16, bottom: 40 },
        xAxis: { type: 'category', data: s.daily.map(d => d.day.slice(5, 10)) }, yAxis: { type: 'value', minInterval: 1 },
        series: [{ name: '受理', type: 'line', data: s.daily.map(d => d.received) }, { name: '办结', type: 'line', data: s.daily.map(d => d.concluded) }],
      });
      const c = s.byCommunity;
      chart('c-community', bar(c.map(g => g.label), [['办结率', c.map(g => g.rates.conclusionRate)], ['按时办结率', c.map(g => g.rates.onTimeRate)],
        ['满意率', c.map(g => g.rates.satisfactionRate)], ['初信初访化解率', c.map(g => g.rates.firstPetitionResolutionRate)],
        ['重复访率', c.map(g => g.rates.repeatReportRate)]], true));
      const g = s.byGrid;
      chart('c-grid', bar(g.map(x => x.label), [['受理', g.map(x => x.counts.received)], ['办结', g.map(x => x.counts.concluded)]], false));
      const cat = s.byCategory.slice(0, 10);
      chart('c-category', { tooltip: { trigger: 'item' }, series: [{ type: 'pie', radius: ['35%', '65%'],
        data: cat.map(x => ({ name: GL.name(GL.categoryNames, x.category), value: x.received })) }] });
      const od = s.byAssignee.filter(x => x.overdue > 0);
      chart('c-overdue', bar(od.map(x => x.name), [['超期', od.map(x => x.overdue)], ['在办', od.map(x => x.open)]], false));
    }
    from.addEventListener('change', load);
    to.addEventListener('change', load);
    window.addEventListener('resize', () => charts.forEach(c => c.resize()));
    await load();
  };
})();
