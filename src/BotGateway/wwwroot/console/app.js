// The console shell: who is signed in, the hash router, the phone menu, log out.
(function () {
  'use strict';
  const routes = [
    [/^#\/board$/, () => GL.board()],
    [/^#\/order\/(\d+)$/, (m) => GL.order(m[1])],
    [/^#\/dashboard$/, () => GL.dashboard()],
    [/^#\/routing$/, () => GL.routing()],
    [/^#\/classifier$/, () => GL.classifier()],
    [/^#\/templates$/, () => GL.templates()],
    [/^#\/groups$/, () => GL.groups()],
    [/^#\/members$/, () => GL.membersPage()],
    [/^#\/calendar$/, () => GL.calendar()],
    [/^#\/faq$/, () => GL.faq()],
    [/^#\/admins$/, () => GL.admins()],
  ];

  async function route() {
    const hash = location.hash || '#/board';
    document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', hash.startsWith(a.getAttribute('href'))));
    document.getElementById('nav').classList.remove('open');
    for (const [re, render] of routes) {
      const m = hash.match(re);
      if (m) {
        try { await render(m); } catch (err) { if (err && err.status !== 401) GL.show(GL.h('p', { class: 'error' }, GL.problemText(err))); }
        return;
      }
    }
    location.hash = '#/board';
  }

  async function start() {
    let me;
    try { me = await GL.api('GET', '/api/session/me'); } catch (e) { return; }
    GL.me = me;
    const roles = { system_admin: '系统管理员', subdistrict_admin: '街道管理员', community_admin: '社区管理员' };
    document.getElementById('me').textContent = (me.displayName || me.login) + '（' + (roles[me.role] || me.role) + '）';
    if (me.role !== 'system_admin') document.querySelectorAll('.system-only').forEach(e => e.remove());
    await GL.refreshCsrf(); // the token is bound to the signed-in user
    document.getElementById('menu-toggle').addEventListener('click', () => document.getElementById('nav').classList.toggle('open'));
    document.getElementById('logout').addEventListener('click', async () => {
      await fetch('/console/session/logout', { method: 'POST', credentials: 'same-origin', headers: { [GL.csrf.header]: GL.csrf.token } });
      location.href = '/console/login';
    });
    window.addEventListener('hashchange', route);
    await route();
  }
  start();
})();
