// The login form comes back here with ?error=... after a failed attempt, and carries ?next= through so the
// person lands where they were going.
const params = new URLSearchParams(location.search);
for (const input of document.querySelectorAll('input[name="next"]')) input.value = params.get('next') || '/';
const error = params.get('error');
if (error) {
  const banner = document.getElementById('error');
  banner.textContent = error;
  banner.hidden = false;
}
