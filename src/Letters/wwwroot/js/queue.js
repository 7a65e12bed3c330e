// New letters appear without a reload: ask every five seconds how many are waiting for this writer, in all and
// per queue, from the same answer, so the headline and the breakdown never disagree.
(() => {
  const waiting = document.getElementById('waiting');
  const label = document.getElementById('waiting-label');
  const queues = document.getElementById('queues');
  if (!waiting) return;
  setInterval(async () => {
    try {
      const response = await fetch('/writer/api/summary', { credentials: 'same-origin' });
      if (!response.ok) return;
      const summary = await response.json();
      if (waiting.textContent !== String(summary.waiting)) waiting.textContent = summary.waiting;
      label.textContent = summary.waiting === 1 ? 'letter is' : 'letters are';
      queues.replaceChildren(...summary.queues.map(q => {
        const item = document.createElement('li');
        item.textContent = `${q.queue}: ${q.waiting}`;
        return item;
      }));
      queues.hidden = summary.queues.length === 0;
    } catch { /* the next poll tries again */ }
  }, 5000);
})();
