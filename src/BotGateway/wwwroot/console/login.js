// Console login: fetch a CSRF token, post the credentials as JSON with it, go to the board.
(function () {
  'use strict';
  const form = document.getElementById('login-form');
  const error = document.getElementById('login-error');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const csrf = await (await fetch('/console/session/csrf', { credentials: 'same-origin' })).json();
      const res = await fetch('/console/session/login', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', [csrf.header]: csrf.token },
        body: JSON.stringify({ login: document.getElementById('login').value, password: document.getElementById('password').value }),
      });
      if (res.ok) { location.href = '/console/#/board'; return; }
      error.textContent = res.status === 429 ? '尝试次数过多，请一分钟后再试' : '登录名或密码错误';
    } catch (err) {
      error.textContent = '网络错误，请重试';
    }
  });
})();
