// Every page: on a phone the header's links fold behind a Menu button (with scripts off they simply all show).
document.documentElement.classList.add('js');
document.addEventListener('DOMContentLoaded', () => {
  // Tables that turn into cards on a phone: each cell says its column, so nothing hides off the right edge.
  document.querySelectorAll('table.cards').forEach(table => {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    table.querySelectorAll('tbody tr').forEach(row => [...row.children].forEach((cell, i) => { if (heads[i]) cell.dataset.label = heads[i]; }));
  });

  const toggle = document.querySelector('.menu-toggle');
  const nav = document.getElementById('main-nav');
  if (!toggle || !nav) return;
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  });
});
