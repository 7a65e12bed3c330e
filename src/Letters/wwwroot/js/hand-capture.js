// The capture page: one box at a time, written with a pen, a finger or a mouse. Pointer Events give x, y, time,
// pressure and tilt (a stylus reports pressure; a mouse 0.5 while pressed); each point is kept in x-heights from the
// box's baseline, so every box, on every screen, is in the same units. A box is saved as it is finished, so the
// writer can stop at any time and resume at the first box not yet written.
(() => {
  const section = document.getElementById('capture');
  if (!section) return;
  const prompts = JSON.parse(section.dataset.prompts);
  const written = new Set(JSON.parse(section.dataset.written));
  const token = section.dataset.token;
  const canvas = document.getElementById('box');
  const context = canvas.getContext('2d');
  const label = document.getElementById('box-label');
  const promptText = document.getElementById('prompt');
  const promptHint = document.getElementById('prompt-hint');
  const count = document.getElementById('written-count');
  const progress = document.getElementById('progress');
  const error = document.getElementById('box-error');
  const save = document.getElementById('save');
  const submit = document.getElementById('submit-hand');
  let box = Math.min(Number(section.dataset.next), prompts.length - 1);
  let traces = [], current = null, started = 0, geometry = null;

  // The box's guides: the baseline, the x-height above it, room for ascenders (2.2) and descenders (1.2).
  const layout = () => {
    const sentence = prompts[box].kind === 'sentence';
    const width = Math.min(section.clientWidth, sentence ? 900 : 420);
    const height = Math.round(Math.min(width * (sentence ? 0.3 : 0.62), 260));
    const ratio = window.devicePixelRatio || 1;
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const xHeight = height / 5;
    geometry = { width, height, xHeight, baseline: height * 0.62, left: width * 0.06 };
  };

  const draw = () => {
    const g = geometry;
    context.clearRect(0, 0, g.width, g.height);
    context.lineWidth = 1;
    context.strokeStyle = '#c9d3e0';
    for (const y of [g.baseline - g.xHeight * 2.2, g.baseline - g.xHeight]) {
      context.setLineDash([4, 4]);
      context.beginPath(); context.moveTo(0, y); context.lineTo(g.width, y); context.stroke();
    }
    context.setLineDash([]);
    context.strokeStyle = '#7f93ad';
    context.beginPath(); context.moveTo(0, g.baseline); context.lineTo(g.width, g.baseline); context.stroke();
    context.strokeStyle = '#1c2a4a';
    context.lineCap = 'round';
    for (const trace of traces) {
      for (let i = 1; i < trace.length; i++) {
        context.lineWidth = 1 + 2.5 * trace[i][3];
        context.beginPath();
        context.moveTo(g.left + trace[i - 1][0] * g.xHeight, g.baseline - trace[i - 1][1] * g.xHeight);
        context.lineTo(g.left + trace[i][0] * g.xHeight, g.baseline - trace[i][1] * g.xHeight);
        context.stroke();
      }
      if (trace.length === 1) {
        context.beginPath();
        context.arc(g.left + trace[0][0] * g.xHeight, g.baseline - trace[0][1] * g.xHeight, 1.5, 0, Math.PI * 2);
        context.fill();
      }
    }
  };

  const show = () => {
    const p = prompts[box];
    layout();
    traces = [];
    label.textContent = `Box ${box + 1} of ${prompts.length}` + (written.has(box) ? ' (written: writing it again replaces it)' : '');
    promptText.textContent = p.text;
    promptHint.textContent = p.kind === 'pair' ? `Write “${p.text}” joined, as you would inside a word (${p.repetition} of ${p.of}).`
      : p.kind === 'sentence' ? 'Write the sentence across the line as you would in a letter.'
      : `Write “${p.text}” on the line (${p.repetition} of ${p.of}).`;
    error.hidden = true;
    save.disabled = true;
    draw();
  };

  const point = event => {
    const r = canvas.getBoundingClientRect();
    const g = geometry;
    const pressure = event.pointerType === 'mouse' ? 0.5 : (event.pressure || 0.5);
    return [
      +(((event.clientX - r.left) - g.left) / g.xHeight).toFixed(4),
      +((g.baseline - (event.clientY - r.top)) / g.xHeight).toFixed(4),
      +(event.timeStamp - started).toFixed(1),
      +pressure.toFixed(3),
      event.tiltX || 0,
      event.tiltY || 0,
    ];
  };

  canvas.addEventListener('pointerdown', event => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    if (traces.length === 0) started = event.timeStamp;
    current = [point(event)];
    traces.push(current);
    draw();
  });
  canvas.addEventListener('pointermove', event => {
    if (!current) return;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (const e of (events.length ? events : [event])) current.push(point(e));
    draw();
  });
  const lift = () => {
    if (!current) return;
    current = null;
    save.disabled = traces.length === 0;
  };
  canvas.addEventListener('pointerup', lift);
  canvas.addEventListener('pointercancel', lift);

  // Saves one box: what the page's own canvas sends, and what a replay sends through the same door.
  const send = async (b, strokes) => {
    const response = await fetch('?handler=Box', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token },
      body: JSON.stringify({ box: b, prompt: prompts[b].text, traces: strokes }),
    });
    if (!response.ok) {
      let text = `The box was not saved (${response.status}).`;
      try { const p = await response.json(); text = [p.title, ...Object.values(p.errors || {}).flat(), p.detail].filter(Boolean).join(' '); } catch { }
      throw new Error(text);
    }
    const result = await response.json();
    written.add(b);
    count.textContent = result.written;
    progress.value = result.written;
    if (submit) submit.disabled = !result.ready;
    return result;
  };
  window.handCapture = { send, prompts };

  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      const result = await send(box, traces);
      box = Math.min(result.next, prompts.length - 1);
      show();
    } catch (e) {
      error.hidden = false;
      error.textContent = e.message;
      save.disabled = false;
    }
  });
  document.getElementById('clear').addEventListener('click', () => { traces = []; save.disabled = true; draw(); });
  document.getElementById('back').addEventListener('click', () => { if (box > 0) { box--; show(); } });
  document.getElementById('skip').addEventListener('click', () => { if (box < prompts.length - 1) { box++; show(); } });
  window.addEventListener('resize', () => { const kept = traces; show(); traces = kept; draw(); });
  show();
})();
