// New letters appear without a reload: ask every five seconds how many are waiting for this writer.
(() => {
  const waiting = document.getElementById('waiting');
  const label = document.getElementById('waiting-label');
  if (!waiting) return;
  setInterval(async () => {
    try {
      const response = await fetch('/writer/api/summary', { credentials: 'same-origin' });
      if (!response.ok) return;
      const summary = await response.json();
      waiting.textContent = summary.waiting;
      label.textContent = summary.waiting === 1 ? 'letter is' : 'letters are';
    } catch { /* the next poll tries again */ }
  }, 5000);
})();
