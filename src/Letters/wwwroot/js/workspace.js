// The letter workspace: autosave every two seconds while typing (each save is a new draft version and renews the
// lease), a heartbeat when idle, and a read-only page the moment the claim is lost or another tab saved first.
(() => {
  const editor = document.querySelector('.editor');
  if (!editor) return;
  const id = editor.dataset.letter;
  const attempt = Number(editor.dataset.attempt);
  let version = Number(editor.dataset.version || 0);
  const names = ['salutation', 'body', 'closing', 'signature'];
  const fields = Object.fromEntries(names.map(n => [n, document.getElementById(n)]));
  const status = document.getElementById('save-status');
  const problem = document.getElementById('conflict');
  const preview = document.getElementById('preview');
  const words = document.getElementById('word-count');
  const submit = document.getElementById('submit');
  let dirty = false, saving = false, lost = false;

  const count = () => fields.body.value.split(/\s+/).filter(Boolean).length;
  const show = text => { problem.hidden = false; problem.textContent = text; };
  const readOnly = text => {
    lost = true;
    names.forEach(n => { fields[n].readOnly = true; });
    submit.disabled = true;
    status.textContent = 'Read-only: nothing more will be saved from this page.';
    show(text);
  };
  const describe = async response => {
    try {
      const p = await response.json();
      const errors = p.errors ? Object.values(p.errors).flat().join(' ') : '';
      return [p.title, p.detail, errors].filter(Boolean).join(' ');
    } catch { return `The server answered ${response.status}.`; }
  };
  const post = (path, body) => fetch(`/writer/api/letters/${id}/${path}`, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
  });

  names.forEach(n => fields[n].addEventListener('input', () => {
    dirty = true;
    status.textContent = 'Unsaved changes…';
    words.textContent = count();
  }));

  async function save() {
    if (!dirty || saving || lost) return;
    saving = true;
    dirty = false;
    const body = { attempt, base_version: version };
    names.forEach(n => { body[n] = fields[n].value; });
    try {
      const response = await post('drafts', body);
      if (response.ok) {
        const saved = await response.json();
        version = saved.version;
        editor.dataset.version = version;
        problem.hidden = true;
        // Typing may have gone on while this save was in flight: say so rather than claim all is saved.
        status.textContent = dirty ? 'Unsaved changes…' : `Saved version ${version} at ${new Date().toLocaleTimeString()}.`;
        preview.src = `/writer/api/letters/${id}/preview.pdf?v=${version}`;
      } else if (response.status === 409) {
        readOnly(await describe(response));
      } else {
        dirty = true;
        show(await describe(response));
        status.textContent = 'Not saved.';
      }
    } catch {
      dirty = true;
      status.textContent = 'Offline? Will retry…';
    } finally {
      saving = false;
    }
  }

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
    if (response.status === 409) show(await describe(response)); else show(await describe(response));
  });
})();
