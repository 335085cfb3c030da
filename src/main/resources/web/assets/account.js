// Shows who is logged in, with a log-out button, in every page's header. With auth: none there is nobody
// to show; without a login, the API answer sends the page to the login form.
import { clientConfig } from './signaling.js';

const form = document.querySelector('form.account');
clientConfig().then((cfg) => {
  if (!form || !cfg.auth) return;
  form.querySelector('.who').textContent = cfg.user;
  form.hidden = false;
});
