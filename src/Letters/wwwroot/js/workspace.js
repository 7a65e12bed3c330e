// The letter workspace: autosave every two seconds while typing (the server folds saves made close together into
// one draft version, and each save renews the lease), a heartbeat when idle, a save on the way out of the page, and
// a read-only page the moment the claim is lost or another tab saved first.
(() => {
  const editor = document.querySelector('.editor');
  if (!editor) return;
  const id = editor.dataset.letter;
  const attempt = Number(editor.dataset.attempt);
  let version = Number(editor.dataset.version || 0);
  let saves = Number(editor.dataset.saves || 0);
  const names = ['salutation', 'body', 'closing', 'signature'];
  const fields = Object.fromEntries(names.map(n => [n, document.getElementById(n)]));
  const status = document.getElementById('save-status');
  const problem = document.getElementById('conflict');
  const unfit = document.getElementById('unfit');
  const preview = document.getElementById('preview');
  const previewHint = document.getElementById('preview-hint');
  const words = document.getElementById('word-count');
  const submit = document.getElementById('submit');
  let dirty = false, saving = false, lost = false;
  // One editing session per open page: its saves fold into one draft version on the server.
  const session = crypto.randomUUID ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, c => (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));

  // The status is a live region: screen readers announce each change, so it changes only when the state does.
  const say = text => { if (status.textContent !== text) status.textContent = text; };
  const count = () => fields.body.value.split(/\s+/).filter(Boolean).length;
  const show = text => { problem.hidden = false; problem.textContent = text; };
  const readOnly = text => {
    lost = true;
    dirty = false;
    names.forEach(n => { fields[n].readOnly = true; });
    submit.disabled = true;
    say('Read-only: nothing more will be saved from this page.');
    show(text);
  };
  const describe = async response => {
    try {
      const p = await response.json();
      const errors = p.errors ? Object.values(p.errors).flat().join(' ') : '';
      return [p.title, p.detail, errors].filter(Boolean).join(' ');
    } catch { return `The server answered ${response.status}.`; }
  };
  const draft = () => {
    const body = { attempt, base_version: version, base_saves: saves, session };
    names.forEach(n => { body[n] = fields[n].value; });
    return body;
  };
  const post = (path, body, keepalive = false) => fetch(`/writer/api/letters/${id}/${path}`, {
    method: 'POST', credentials: 'same-origin', keepalive,
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
  });

  names.forEach(n => fields[n].addEventListener('input', () => {
    dirty = true;
    say('Unsaved changes…');
    words.textContent = count();
  }));

  async function save() {
    if (!dirty || saving || lost) return;
    saving = true;
    dirty = false;
    try {
      const response = await post('drafts', draft());
      if (response.ok) {
        const saved = await response.json();
        version = saved.version;
        saves = saved.saves;
        editor.dataset.version = version;
        problem.hidden = true;
        // Typing may have gone on while this save was in flight: say so rather than claim all is saved.
        say(dirty ? 'Unsaved changes…' : `Saved (version ${version}).`);
        preview.src = `/writer/api/letters/${id}/preview.pdf?v=${version}.${saves}`;
        preview.hidden = false;
        previewHint.hidden = true;
        editor.dataset.saves = saves;
        // A line too wide for the page is said as the writer writes; submit refuses it until it is shortened.
        const tooWide = Object.values(saved.unfit || {}).flat().join(' ');
        unfit.hidden = !tooWide;
        unfit.textContent = tooWide;
      } else if (response.status === 409) {
        readOnly(await describe(response));
      } else {
        dirty = true;
        show(await describe(response));
        say('Not saved.');
      }
    } catch {
      dirty = true;
      say('Offline? Will retry…');
    } finally {
      saving = false;
    }
  }

  // Leaving the page (a link, a closed tab, a phone putting the tab away): send what is unsaved with keepalive,
  // which the browser delivers even as the page goes.
  const flush = () => {
    if (!dirty || lost) return;
    dirty = false;
    post('drafts', draft(), true).catch(() => {});
  };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); });
  window.addEventListener('pagehide', flush);
  document.querySelectorAll('a[href]').forEach(a => a.addEventListener('click', flush));
  window.addEventListener('beforeunload', event => {
    if (dirty && !lost) { flush(); event.preventDefault(); }
  });

  setInterval(save, 2000);
  setInterval(async () => {
    if (lost || dirty) return;
    const response = await post('heartbeat', { attempt });
    if (response.status === 409) readOnly(await describe(response));
  }, 60000);

  submit.addEventListener('click', async () => {
    dirty = true;
    await save();
    if (lost) return;
    if (!version) { show('Write the letter first.'); return; }
    const response = await post('submit', { attempt, version });
    if (response.ok) { window.location.href = '/writer?submitted=1'; return; }
    show(await describe(response));
  });
})();
