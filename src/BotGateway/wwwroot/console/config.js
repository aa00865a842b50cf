// Configuration pages: routing rules, classifier rules (with "test this rule"), reply templates, chat groups ↔ grids,
// members, the working calendar, FAQ entries and admin accounts. Every save sends the version the admin saw (409 on a conflict).
(function () {
  'use strict';
  const h = GL.h;
  const table = (id, head, rows) => h('div', { class: 'table-wrap' }, h('table', { id }, h('thead', {}, h('tr', {}, head.map(t => h('th', {}, t)))), h('tbody', {}, rows)));
  const gridOptions = async (selected, emptyLabel) => [h('option', { value: '' }, emptyLabel),
    ...(await GL.grids()).map(g => h('option', { value: g.id, selected: g.id === selected }, g.name + '（' + GL.name(GL.levelNames, g.level) + '）'))];
  const num = (v) => v === '' || v === null ? null : Number(v);
  const words = (text) => text.split(/[,，、\s]+/).filter(w => w);
  const checkbox = (id) => h('input', { id, type: 'checkbox' });

  // An add/edit form. edit(item) fills the fields from a listed row (null: empty, for adding); saving POSTs a new row or PUTs
  // the edited one with the version it was listed at, so a page gone stale answers 409 and shows 版本冲突 (GL.problemText).
  // o: { id, path, addLabel, label(item), fill(item), body(), reload }.
  const editor = function (o) {
    let editing = null;
    const title = h('h3', { id: o.id + '-title' });
    const msg = h('span', { id: o.id + '-message' });
    const save = h('button', { id: o.id + '-save', type: 'button' });
    const cancel = h('button', { id: o.id + '-cancel', type: 'button', class: 'secondary' }, '取消');
    const edit = (item) => {
      editing = item;
      o.fill(item);
      title.textContent = item ? '编辑：' + o.label(item) : o.addLabel;
      save.textContent = item ? '保存修改' : o.addLabel;
      cancel.hidden = !item;
      msg.textContent = '';
      if (item) title.scrollIntoView({ block: 'nearest' });
    };
    save.addEventListener('click', async () => {
      try {
        if (editing) await GL.api('PUT', o.path + '/' + editing.id, Object.assign(o.body(), { version: editing.version }));
        else await GL.api('POST', o.path, o.body());
        await o.reload();
        GL.message(document.getElementById(o.id + '-message'), '已保存', true);
      } catch (err) { GL.message(msg, GL.problemText(err)); }
    });
    cancel.addEventListener('click', () => edit(null));
    edit(null);
    return { title, msg, buttons: [save, ' ', cancel, ' ', msg],
      editButton: (item) => h('button', { class: 'secondary', type: 'button', 'data-edit': item.id, onclick: () => edit(item) }, '编辑') };
  };

  // 停用/启用 a listed row: the row as it was listed (every editable field, its version) with isActive flipped.
  const toggle = (path, item, reload, msg) => h('button', { class: 'secondary', type: 'button', 'data-toggle': item.id, onclick: async () => {
    try { await GL.api('PUT', path + '/' + item.id, Object.assign({}, item, { isActive: !item.isActive })); await reload(); }
    catch (err) { GL.message(msg, GL.problemText(err)); }
  } }, item.isActive ? '停用' : '启用');

  GL.routing = async function () {
    const rules = await GL.api('GET', '/api/routing-rules');
    const grids = await GL.gridMap();
    const members = Object.fromEntries((await GL.members()).map(m => [String(m.id), m.name]));
    const msg = h('p', { id: 'rule-message' });
    const f = {
      name: h('input', { id: 'r-name', placeholder: '规则名称' }),
      priority: h('input', { id: 'r-priority', type: 'number', value: '100' }),
      grid: h('select', { id: 'r-grid' }, await gridOptions(null, '所有网格')),
      category: h('select', { id: 'r-category' }, GL.options(GL.categoryNames, null, '所有分类')),
      type: h('select', { id: 'r-type' }, GL.options(GL.typeNames, null, '所有类型')),
      role: h('select', { id: 'r-role' }, GL.options(GL.roleNames, 'grid_worker')),
      member: h('select', { id: 'r-member' }, h('option', { value: '' }, '（按角色）'), (await GL.members()).map(m => h('option', { value: m.id }, m.name))),
      handling: h('select', { id: 'r-handling' }, GL.options(GL.handlingNames, 'grid')),
      clock: h('select', { id: 'r-clock' }, h('option', { value: 'working' }, '工作时间'), h('option', { value: 'calendar' }, '自然日')),
      sign: h('input', { id: 'r-sign', type: 'number', value: '120' }),
      due: h('input', { id: 'r-due', type: 'number', value: '1350' }),
    };
    const save = h('button', { id: 'r-save', type: 'button' }, '新增规则');
    save.addEventListener('click', async () => {
      try {
        await GL.api('POST', '/api/routing-rules', { name: f.name.value, priority: num(f.priority.value), gridId: num(f.grid.value), category: f.category.value || null,
          type: f.type.value || null, assigneeRole: f.member.value ? null : f.role.value, assigneeMemberId: num(f.member.value), handlingLevel: f.handling.value,
          clock: f.clock.value, signSlaMinutes: num(f.sign.value), dueSlaMinutes: num(f.due.value) });
        await GL.routing();
        GL.message(document.getElementById('rule-message'), '已保存', true);
      } catch (err) { GL.message(msg, GL.problemText(err)); }
    });
    GL.show(h('h2', {}, '派单规则'), h('p', { class: 'muted' }, '按优先级从小到大匹配第一条启用的规则；默认规则兜底。'),
      table('routing-rules', ['优先级', '名称', '网格', '类型', '分类', '处理人', '层级', '签收/办结时限(分)', '状态', ''],
        rules.map(r => h('tr', { 'data-id': r.id }, h('td', {}, String(r.priority)), h('td', {}, r.name, r.isDefault ? ' [默认]' : ''),
          h('td', {}, r.gridId ? grids[r.gridId] || r.gridId : '所有'), h('td', {}, GL.name(GL.typeNames, r.type) || '所有'),
          h('td', {}, GL.name(GL.categoryNames, r.category) || '所有'),
          h('td', {}, r.assigneeMemberId ? members[r.assigneeMemberId] || r.assigneeMemberId : GL.name(GL.roleNames, r.assigneeRole)),
          h('td', {}, GL.name(GL.handlingNames, r.handlingLevel)), h('td', {}, r.signSlaMinutes + ' / ' + r.dueSlaMinutes),
          h('td', {}, r.isActive ? '启用' : '停用'), h('td', {}, toggle('/api/routing-rules', r, GL.routing, msg))))),
      h('div', { class: 'panel filters' }, h('label', {}, '名称', f.name), h('label', {}, '优先级', f.priority), h('label', {}, '网格', f.grid),
        h('label', {}, '类型', f.type), h('label', {}, '分类', f.category), h('label', {}, '处理角色', f.role), h('label', {}, '或指定人员', f.member),
        h('label', {}, '办理层级', f.handling), h('label', {}, '计时', f.clock), h('label', {}, '签收时限(分)', f.sign), h('label', {}, '办结时限(分)', f.due), save, msg));
  };

  GL.classifier = async function () {
    const rules = await GL.api('GET', '/api/classifier-rules');
    const msg = h('p', { id: 'c-message' });
    const pattern = h('input', { id: 'c-pattern', placeholder: '关键词或正则' });
    const isRegex = h('input', { id: 'c-regex', type: 'checkbox' });
    const priority = h('input', { id: 'c-priority', type: 'number', value: '10' });
    const type = h('select', { id: 'c-type' }, GL.options(GL.typeNames, null, '不改类型'));
    const category = h('select', { id: 'c-category' }, GL.options(GL.categoryNames, null, '不改分类'));
    const add = h('button', { id: 'c-save', type: 'button' }, '新增规则');
    add.addEventListener('click', async () => {
      try {
        await GL.api('POST', '/api/classifier-rules', { pattern: pattern.value, isRegex: isRegex.checked, priority: num(priority.value),
          forceType: type.value || null, forceCategory: category.value || null });
        await GL.classifier();
      } catch (err) { GL.message(msg, GL.problemText(err)); }
    });
    const sample = h('textarea', { id: 't-text', placeholder: '输入一条居民消息，看看会被分成什么类、派给谁' });
    const testGrid = h('select', { id: 't-grid' }, await gridOptions(null, '（不指定网格）'));
    const result = h('div', { id: 't-result' });
    const test = h('button', { id: 't-run', type: 'button' }, '试一试');
    test.addEventListener('click', async () => {
      try {
        const r = await GL.api('POST', '/api/classifier-rules/test', { text: sample.value, gridId: num(testGrid.value) });
        result.replaceChildren(h('p', {}, '类型：', h('strong', { id: 't-type' }, r.typeName), '　分类：', h('strong', { id: 't-category' }, r.categoryName),
          '　置信度：' + r.confidence + '　依据：' + ({ rule: '分类规则 #' + r.ruleId, model: '模型', context: '上下文', command: '工作人员指令' }[r.source] || r.source)),
          h('p', { id: 't-route' }, r.wouldOpenOrder
            ? '将派给：' + (r.assigneeName || '待分派（' + (r.triageReason || '') + '）') + '　网格：' + (r.gridName || '—') + '　规则：' + (r.routingRule || '') + '　' + (r.handlingLevel || '')
            : '不会生成工单'));
      } catch (err) { GL.message(result, GL.problemText(err)); }
    });
    const del = (r) => h('button', { class: 'secondary', type: 'button', onclick: async () => {
      try { await GL.api('DELETE', '/api/classifier-rules/' + r.id); await GL.classifier(); } catch (err) { GL.message(msg, GL.problemText(err)); }
    } }, '删除');
    GL.show(h('h2', {}, '分类规则'),
      h('div', { class: 'panel' }, h('h3', {}, '试一试'), sample, h('div', { class: 'filters' }, h('label', {}, '网格', testGrid), test), result),
      table('classifier-rules', ['优先级', '规则', '正则', '类型', '分类', '状态', ''], rules.map(r => h('tr', { 'data-id': r.id },
        h('td', {}, String(r.priority)), h('td', {}, r.pattern), h('td', {}, r.isRegex ? '是' : ''), h('td', {}, GL.name(GL.typeNames, r.forceType)),
        h('td', {}, GL.name(GL.categoryNames, r.forceCategory)), h('td', {}, r.isActive ? '启用' : '停用'), h('td', {}, del(r))))),
      h('div', { class: 'panel filters' }, h('label', {}, '规则', pattern), h('label', {}, '正则', isRegex), h('label', {}, '优先级', priority),
        h('label', {}, '类型', type), h('label', {}, '分类', category), add, msg));
  };

  GL.templates = async function () {
    const list = await GL.api('GET', '/api/reply-templates');
    GL.show(h('h2', {}, '回复模板'), h('p', { class: 'muted' }, '{名称} 为占位符。'), ...list.map(t => {
      const text = h('textarea', { 'data-code': t.code }, t.text);
      const msg = h('span', {});
      return h('div', { class: 'panel' }, h('strong', {}, t.code), ' ', h('span', { class: 'muted' }, t.description), text,
        h('button', { type: 'button', onclick: async () => {
          try { const r = await GL.api('PUT', '/api/reply-templates/' + encodeURIComponent(t.code), { text: text.value, version: t.version }); t.version = r.version; GL.message(msg, '已保存', true); }
          catch (err) { GL.message(msg, GL.problemText(err)); }
        } }, '保存'), ' ', msg);
    }));
  };

  GL.groups = async function () {
    const groups = await GL.api('GET', '/api/chat-groups');
    const rows = await Promise.all(groups.map(async g => {
      const sel = h('select', {}, await gridOptions(g.gridId, '未绑定'));
      const msg = h('span', {});
      return h('tr', {}, h('td', {}, g.name), h('td', {}, g.chatId), h('td', {}, sel), h('td', {}, g.hasWebhook ? '已配置' : '未配置'),
        h('td', {}, h('button', { type: 'button', onclick: async () => {
          try { const r = await GL.api('PUT', '/api/chat-groups/' + g.id, { name: g.name, gridId: num(sel.value), version: g.version }); g.version = r.version; GL.message(msg, '已保存', true); }
          catch (err) { GL.message(msg, GL.problemText(err)); }
        } }, '保存'), ' ', msg));
    }));
    GL.show(h('h2', {}, '群与网格'), table('chat-groups', ['群名称', '群ID', '网格', '群机器人', ''], rows));
  };

  GL.membersPage = async function () {
    GL.cache.members = null;
    const members = await GL.members();
    const grids = await GL.gridMap();
    const f = { userid: h('input', { id: 'm-userid', placeholder: '企业微信 userid' }), name: h('input', { id: 'm-name' }), phone: h('input', { id: 'm-phone' }),
      role: h('select', { id: 'm-role' }, GL.options(GL.roleNames, 'grid_worker')),
      grids: h('select', { id: 'm-grids', multiple: true, size: 6 }, (await GL.grids()).map(g => h('option', { value: g.id }, g.name + '（' + GL.name(GL.levelNames, g.level) + '）'))),
      active: checkbox('m-active') };
    const activeLabel = h('label', {}, '在岗', f.active);
    // A scoped admin sends only the grids they see; the API keeps the member's other grids as they are.
    const visible = (m) => Object.assign({}, m, { gridIds: m.gridIds.filter(id => grids[id]) });
    const form = editor({ id: 'member', path: '/api/members', addLabel: '新增人员', label: m => m.name, reload: GL.membersPage,
      fill: (m) => {
        f.userid.value = m ? m.userid : '';
        f.userid.disabled = !!m; // the userid is how WeCom knows them: fixed once added
        f.name.value = m ? m.name : '';
        f.phone.value = m ? m.phone || '' : '';
        f.role.value = m ? m.role : 'grid_worker';
        for (const o of f.grids.options) o.selected = !!m && m.gridIds.includes(Number(o.value));
        f.active.checked = m ? m.isActive : true;
        activeLabel.hidden = !m;
      },
      body: () => ({ userid: f.userid.value, name: f.name.value, phone: f.phone.value, role: f.role.value,
        gridIds: Array.from(f.grids.selectedOptions).map(o => Number(o.value)), isActive: f.active.checked }) });
    GL.show(h('h2', {}, '人员'), table('members', ['姓名', 'userid', '角色', '网格', '电话', '状态', ''], members.map(m => h('tr', { 'data-id': m.id, class: m.isActive ? null : 'retired' },
      h('td', {}, m.name), h('td', {}, m.userid), h('td', {}, GL.name(GL.roleNames, m.role)), h('td', {}, m.gridIds.map(id => grids[id] || id).join('、')),
      h('td', {}, m.phone || ''), h('td', { class: 'status' }, m.isActive ? '在岗' : '停用'),
      h('td', { class: 'actions' }, form.editButton(m), ' ', toggle('/api/members', visible(m), GL.membersPage, form.msg))))),
      h('div', { class: 'panel' }, form.title, h('div', { class: 'filters' }, h('label', {}, 'userid', f.userid), h('label', {}, '姓名', f.name),
        h('label', {}, '电话', f.phone), h('label', {}, '角色', f.role), h('label', {}, '网格（可多选）', f.grids), activeLabel, form.buttons)));
  };

  GL.calendar = async function () {
    const days = await GL.api('GET', '/api/calendar-days');
    const day = h('input', { type: 'date', id: 'cal-day' });
    const name = h('input', { id: 'cal-name', placeholder: '如 春节 / 春节调休上班' });
    const workday = h('input', { type: 'checkbox', id: 'cal-workday' });
    const msg = h('span', {});
    GL.show(h('h2', {}, '工作日历'), h('p', { class: 'muted' }, '未列出的日期按每周工作日计算；每年须按国务院办公厅通知核对。'),
      h('div', { class: 'panel filters' }, h('label', {}, '日期', day), h('label', {}, '名称', name), h('label', {}, '上班', workday),
        h('button', { type: 'button', onclick: async () => {
          try { await GL.api('PUT', '/api/calendar-days/' + day.value, { isWorkday: workday.checked, name: name.value }); await GL.calendar(); }
          catch (err) { GL.message(msg, GL.problemText(err)); }
        } }, '保存'), msg),
      table('calendar', ['日期', '名称', '上班'], days.map(d => h('tr', {}, h('td', {}, d.day), h('td', {}, d.name), h('td', {}, d.isWorkday ? '上班' : '休息')))));
  };

  GL.faq = async function () {
    const entries = await GL.api('GET', '/api/faq-entries');
    const grids = await GL.gridMap();
    // Entries for every grid (the shipped examples among them) are a system admin's to edit.
    const mayEdit = (e) => e.gridId !== null || (GL.me && GL.me.role === 'system_admin');
    const f = { q: h('input', { id: 'faq-q', placeholder: '问题' }), a: h('textarea', { id: 'faq-a', placeholder: '答案' }),
      k: h('input', { id: 'faq-k', placeholder: '关键词，用逗号分隔' }), s: h('input', { id: 'faq-s', placeholder: '同义词，用逗号分隔' }),
      g: h('select', { id: 'faq-grid' }, await gridOptions(null, '所有网格')), active: checkbox('faq-active') };
    const activeLabel = h('label', {}, '启用', f.active);
    let validUntil = null; // kept as listed: the console does not edit it
    const form = editor({ id: 'faq', path: '/api/faq-entries', addLabel: '新增', label: e => e.question, reload: GL.faq,
      fill: (e) => {
        f.q.value = e ? e.question : '';
        f.a.value = e ? e.answer : '';
        f.k.value = e ? e.keywords.join('，') : '';
        f.s.value = e ? e.synonyms.join('，') : '';
        f.g.value = e && e.gridId !== null ? String(e.gridId) : '';
        f.active.checked = e ? e.isActive : true;
        activeLabel.hidden = !e;
        validUntil = e ? e.validUntil : null;
      },
      body: () => ({ question: f.q.value, answer: f.a.value, keywords: words(f.k.value), synonyms: words(f.s.value), gridId: num(f.g.value),
        validUntil, isActive: f.active.checked }) });
    GL.show(h('h2', {}, '常见问题'),
      h('p', { class: 'muted' }, '标有“示例”的条目是系统自带的示例答案，请按本地情况编辑；停用的条目不再回答居民。'),
      table('faq', ['问题', '答案', '关键词', '网格', '有效期至', '已回答', '没用', ''], entries.map(e => h('tr', { 'data-id': e.id, class: e.isActive ? null : 'retired' },
        h('td', {}, e.question, e.isExample ? [' ', h('span', { class: 'badge example' }, '示例')] : null, e.isActive ? null : [' ', h('span', { class: 'badge retired' }, '已停用')]),
        h('td', { class: 'desc' }, e.answer), h('td', {}, e.keywords.join('、')), h('td', {}, e.gridId ? grids[e.gridId] || e.gridId : '所有'),
        h('td', {}, GL.time(e.validUntil)), h('td', {}, String(e.answeredCount)), h('td', {}, String(e.notHelpfulCount)),
        h('td', { class: 'actions' }, mayEdit(e) ? [form.editButton(e), ' ', toggle('/api/faq-entries', e, GL.faq, form.msg)] : null)))),
      h('div', { class: 'panel' }, form.title, h('div', { class: 'filters' }, h('label', {}, '问题', f.q), h('label', {}, '关键词', f.k), h('label', {}, '同义词', f.s),
        h('label', {}, '网格', f.g), activeLabel), f.a, form.buttons));
  };

  GL.admins = async function () {
    const admins = await GL.api('GET', '/api/admins');
    const audit = await GL.api('GET', '/api/audit-log?limit=50');
    const grids = await GL.gridMap();
    const roles = { system_admin: '系统管理员', subdistrict_admin: '街道管理员', community_admin: '社区管理员' };
    const f = { login: h('input', { id: 'a-login' }), name: h('input', { id: 'a-name' }), role: h('select', { id: 'a-role' }, GL.options(roles, 'community_admin')),
      grid: h('select', { id: 'a-grid' }, await gridOptions(null, '（系统管理员不选）')), password: h('input', { id: 'a-password', type: 'password', autocomplete: 'new-password' }),
      active: checkbox('a-active') };
    const passwordText = h('span', {});
    const activeLabel = h('label', {}, '启用', f.active);
    const form = editor({ id: 'admin', path: '/api/admins', addLabel: '新增管理员', label: a => a.login, reload: GL.admins,
      fill: (a) => {
        f.login.value = a ? a.login : '';
        f.login.disabled = !!a; // the login name is fixed once created
        f.name.value = a ? a.displayName : '';
        f.role.value = a ? a.role : 'community_admin';
        f.grid.value = a && a.scopeGridId !== null ? String(a.scopeGridId) : '';
        f.password.value = '';
        passwordText.textContent = a ? '新密码（不改请留空，≥10位）' : '初始密码（≥10位）';
        f.active.checked = a ? a.isActive : true;
        activeLabel.hidden = !a;
      },
      body: () => ({ login: f.login.value, displayName: f.name.value, role: f.role.value, scopeGridId: num(f.grid.value),
        password: f.password.value || null, isActive: f.active.checked }) });
    GL.show(h('h2', {}, '管理员'),
      table('admins', ['登录名', '显示名', '角色', '管辖范围', '状态', '最近登录', ''], admins.map(a => h('tr', { 'data-id': a.id, class: a.isActive ? null : 'retired' },
        h('td', {}, a.login), h('td', {}, a.displayName), h('td', {}, roles[a.role] || a.role), h('td', {}, a.scopeGridId ? grids[a.scopeGridId] || String(a.scopeGridId) : '全部'),
        h('td', {}, a.isActive ? '启用' : '停用'), h('td', {}, GL.time(a.lastLoginAt)), h('td', { class: 'actions' }, form.editButton(a))))),
      h('div', { class: 'panel' }, form.title, h('div', { class: 'filters' }, h('label', {}, '登录名', f.login), h('label', {}, '显示名', f.name),
        h('label', {}, '角色', f.role), h('label', {}, '管辖范围', f.grid), h('label', {}, passwordText, f.password), activeLabel, form.buttons)),
      h('h3', {}, '审计日志（最近 50 条）'),
      table('audit', ['时间', '操作人', '操作', '对象'], audit.map(e => h('tr', {}, h('td', {}, GL.time(e.at)), h('td', {}, e.actorLogin), h('td', {}, e.action),
        h('td', {}, e.entity + (e.entityId ? ' #' + e.entityId : ''))))));
  };
})();
