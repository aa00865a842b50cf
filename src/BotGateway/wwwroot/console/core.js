// Shared helpers: DOM building (text only: user text is never parsed as HTML), API calls with the CSRF header, names.
'use strict';
const GL = window.GL = {};

// h('tag', {attrs}, children...): strings become text nodes, so every user-written value is escaped by construction.
GL.h = function (tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
};

GL.csrf = null;
GL.refreshCsrf = async function () {
  const r = await fetch('/console/session/csrf', { credentials: 'same-origin' });
  GL.csrf = await r.json();
};

// Calls /api; state-changing calls carry the CSRF token. Throws {status, problem} on failure; 401 goes to the login page.
GL.api = async function (method, path, body, extraHeaders) {
  const headers = Object.assign({}, extraHeaders || {});
  if (method !== 'GET') {
    if (!GL.csrf) await GL.refreshCsrf();
    headers[GL.csrf.header] = GL.csrf.token;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) { location.href = '/console/login'; throw { status: 401 }; }
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch (e) { /* not JSON */ }
    throw { status: res.status, problem };
  }
  return res.status === 204 ? null : res.json();
};

// A problem-details error as one line of Chinese text, naming the field for validation errors.
GL.problemText = function (err) {
  const p = err && err.problem;
  if (!p) return '请求失败（' + (err && err.status) + '）';
  if (p.errors) return Object.entries(p.errors).map(([f, m]) => f + '：' + m.join('；')).join(' ');
  return (p.title || '') + (p.detail ? '：' + p.detail : '');
};

GL.time = function (iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
};

GL.statusNames = { pending_dispatch: '待派单', pending_sign: '待签收', signed: '已签收', in_progress: '办理中', concluded: '已办结', rated: '已评价', closed: '已关闭', merged: '已合并', voided: '已作废' };
GL.typeNames = { complaint: '投诉', petition: '信访代办', query: '咨询', other: '其他' };
GL.categoryNames = { lighting: '路灯照明', noise: '噪音扰民', parking: '停车与交通秩序', sanitation: '环境卫生', safety: '安全隐患', facilities: '公共设施',
  property: '物业服务', utilities: '水电气暖', neighbor: '邻里纠纷与宠物', vendors: '占道经营与游商', construction: '违建与装修', greening: '绿化',
  hukou_education: '户籍与入学', social_security: '社保医保与救助', labor: '劳动与欠薪', housing: '房产证、旧改与拆迁', health: '卫生健康与疫苗', documents: '证件办理', other: '其他' };
GL.roleNames = { micro_grid_worker: '微网格员', grid_worker: '网格员', grid_leader: '网格长', community: '社区', subdistrict: '街道', department: '部门' };
GL.levelNames = { subdistrict: '街道', community: '社区', grid: '网格', micro_grid: '微网格' };
GL.handlingNames = { grid: '网格办', community: '社区办', collaborative: '协同办' };
GL.name = (map, code) => (code && map[code]) || code || '';

GL.options = function (map, selected, emptyLabel) {
  const opts = emptyLabel !== undefined ? [GL.h('option', { value: '' }, emptyLabel)] : [];
  for (const [k, v] of Object.entries(map)) opts.push(GL.h('option', { value: k, selected: k === selected }, v));
  return opts;
};

GL.cache = {};
GL.grids = async function () { return GL.cache.grids || (GL.cache.grids = await GL.api('GET', '/api/grids')); };
GL.members = async function () { return GL.cache.members || (GL.cache.members = await GL.api('GET', '/api/members')); };
GL.gridMap = async function () { return Object.fromEntries((await GL.grids()).map(g => [String(g.id), g.name])); };

GL.view = () => document.getElementById('view');
GL.show = function (...nodes) { const v = GL.view(); v.replaceChildren(...nodes); };
GL.message = function (el, text, ok) { el.textContent = text; el.className = ok ? 'ok' : 'error'; };
