// The work-order board (filters, overdue highlighting, CSV) and one order's detail (timeline and admin actions).
(function () {
  'use strict';
  const h = GL.h;
  let timer = null;

  GL.board = async function () {
    clearInterval(timer);
    const gridSelect = h('select', { id: 'f-grid' }, h('option', { value: '' }, '全部网格'),
      (await GL.grids()).map(g => h('option', { value: g.id }, g.name)));
    const f = {
      status: h('select', { id: 'f-status' }, h('option', { value: '' }, '全部状态'),
        h('option', { value: 'pending_dispatch,pending_sign,signed,in_progress' }, '未办结'), GL.options(GL.statusNames)),
      category: h('select', { id: 'f-category' }, GL.options(GL.categoryNames, null, '全部分类')),
      type: h('select', { id: 'f-type' }, GL.options(GL.typeNames, null, '全部类型')),
      overdue: h('input', { id: 'f-overdue', type: 'checkbox' }),
      from: h('input', { id: 'f-from', type: 'date' }),
      to: h('input', { id: 'f-to', type: 'date' }),
      q: h('input', { id: 'f-q', type: 'search', placeholder: '描述或地点关键词' }),
      grid: gridSelect,
    };
    const body = h('tbody', { id: 'board-rows' });
    const total = h('span', { id: 'board-total', class: 'muted' });
    const exportLink = h('a', { id: 'export-orders', href: '#' }, '导出 CSV');

    function params() {
      const p = new URLSearchParams();
      if (f.status.value) p.set('status', f.status.value);
      if (f.category.value) p.set('category', f.category.value);
      if (f.type.value) p.set('type', f.type.value);
      if (f.grid.value) p.set('gridId', f.grid.value);
      if (f.overdue.checked) p.set('overdue', 'true');
      if (f.from.value) p.set('from', new Date(f.from.value + 'T00:00:00').toISOString());
      if (f.to.value) p.set('to', new Date(f.to.value + 'T00:00:00').toISOString());
      if (f.q.value.trim()) p.set('q', f.q.value.trim());
      return p;
    }
    async function load() {
      const p = params();
      exportLink.href = '/api/work-orders/export.csv?' + p;
      p.set('limit', '100');
      const page = await GL.api('GET', '/api/work-orders?' + p);
      total.textContent = '共 ' + page.total + ' 件';
      body.replaceChildren(...page.items.map(o => h('tr', {
        class: 'clickable' + (o.isOverdue ? ' overdue' : ''), 'data-number': o.number, onclick: () => { location.hash = '#/order/' + o.id; },
      },
        h('td', {}, h('a', { href: '#/order/' + o.id }, String(o.number))),
        h('td', {}, GL.name(GL.statusNames, o.status), o.isOverdue ? [' ', h('span', { class: 'badge overdue' }, '超期')] : null),
        h('td', { class: 'hide-narrow' }, GL.name(GL.typeNames, o.type)),
        h('td', {}, GL.name(GL.categoryNames, o.category)),
        h('td', { class: 'desc' }, o.description.length > 60 ? o.description.slice(0, 60) + '…' : o.description),
        h('td', { class: 'hide-narrow' }, o.gridName || '未绑定'),
        h('td', {}, o.assigneeName || '—'),
        h('td', { class: 'hide-narrow' }, GL.time(o.dueAt)),
        h('td', { class: 'hide-narrow' }, GL.time(o.createdAt)))));
    }
    const apply = () => load().catch(err => GL.message(total, GL.problemText(err)));
    Object.values(f).forEach(el => el.addEventListener('change', apply));
    f.q.addEventListener('keydown', e => { if (e.key === 'Enter') apply(); });

    GL.show(h('h2', {}, '工单'),
      h('div', { class: 'panel filters' },
        h('label', {}, '状态', f.status), h('label', {}, '网格', f.grid), h('label', {}, '类型', f.type), h('label', {}, '分类', f.category),
        h('label', {}, '受理起', f.from), h('label', {}, '受理止', f.to), h('label', {}, '搜索', f.q),
        h('label', {}, '只看超期', f.overdue),
        h('button', { id: 'refresh', type: 'button', onclick: apply }, '刷新'), exportLink, total),
      h('div', { class: 'table-wrap' }, h('table', { id: 'board' },
        h('thead', {}, h('tr', {}, ['工单号', '状态', '类型', '分类', '描述', '网格', '处理人', '办结期限', '受理时间']
          .map((t, i) => h('th', { class: [2, 5, 7, 8].includes(i) ? 'hide-narrow' : null }, t)))), body)));
    await load();
    timer = setInterval(() => { if (location.hash === '#/board' || location.hash === '') apply(); else clearInterval(timer); }, 10000);
  };

  GL.order = async function (id) {
    clearInterval(timer);
    const detail = await GL.api('GET', '/api/work-orders/' + id);
    const o = detail.order;
    const members = await GL.members();
    const msg = h('p', { id: 'action-message' });
    const action = h('select', { id: 'action' }, GL.options({ assign: '重派', escalate: '升级', extend: '延期', merge: '合并', close: '关闭', void: '作废' }));
    const reason = h('input', { id: 'action-reason', placeholder: '原因 / 说明' });
    const assignee = h('select', { id: 'action-assignee' }, h('option', { value: '' }, '选择处理人'),
      members.filter(m => m.isActive).map(m => h('option', { value: m.id }, m.name + '（' + GL.name(GL.roleNames, m.role) + '）')));
    const until = h('input', { id: 'action-until', type: 'datetime-local' });
    const target = h('input', { id: 'action-target', type: 'number', placeholder: '目标工单号' });
    const submit = h('button', { id: 'action-submit', type: 'button' }, '提交');
    submit.addEventListener('click', async () => {
      const body = { action: action.value, version: o.version, reason: reason.value || null };
      if (action.value === 'assign') body.assigneeMemberId = assignee.value ? Number(assignee.value) : null;
      if (action.value === 'extend') body.extendUntil = until.value ? new Date(until.value).toISOString() : null;
      if (action.value === 'merge') body.targetNumber = target.value ? Number(target.value) : null;
      try { await GL.api('POST', '/api/work-orders/' + id + '/actions', body); await GL.order(id); GL.message(document.getElementById('action-message'), '已提交', true); }
      catch (err) { GL.message(msg, GL.problemText(err)); }
    });
    const row = (k, v) => h('tr', {}, h('th', {}, k), h('td', {}, v));
    GL.show(h('h2', {}, '工单 ', h('span', { id: 'order-number' }, String(o.number)), ' ',
        h('span', { class: 'badge' + (o.isOverdue ? ' overdue' : '') }, GL.name(GL.statusNames, o.status) + (o.isOverdue ? ' · 超期' : ''))),
      h('div', { class: 'grid2' },
        h('div', { class: 'panel' }, h('table', {},
          row('类型', GL.name(GL.typeNames, o.type)), row('分类', GL.name(GL.categoryNames, o.category)),
          row('描述', h('span', { class: 'desc', id: 'order-description' }, o.description)), row('地点', o.locationText || '—'),
          row('网格', o.gridName || '未绑定'), row('办理层级', GL.name(GL.handlingNames, o.handlingLevel)), row('处理人', o.assigneeName || '—'),
          row('签收期限', GL.time(o.signDueAt)), row('办结期限', GL.time(o.dueAt)), row('办结时间', GL.time(o.concludedAt)),
          row('满意度', o.satisfaction || '—'), row('受理时间', GL.time(o.createdAt)))),
        h('div', { class: 'panel' }, h('h3', {}, '时间线'),
          h('ol', { class: 'timeline', id: 'timeline' }, detail.timeline.map(e => h('li', { 'data-action': e.action },
            h('div', { class: 'when' }, GL.time(e.at) + ' · ' + ({ resident: '居民', member: '工作人员', admin: '管理员', system: '系统' }[e.actorKind] || e.actorKind)
              + (e.actorId && e.actorKind !== 'resident' ? ' ' + e.actorId : '')),
            h('div', {}, e.note || e.action)))))),
      h('div', { class: 'panel filters' }, h('label', {}, '操作', action), h('label', {}, '原因', reason), h('label', {}, '处理人', assignee),
        h('label', {}, '延期至', until), h('label', {}, '合并到', target), submit, msg),
      h('p', {}, h('a', { href: '#/board' }, '← 返回工单列表')));
  };
})();
