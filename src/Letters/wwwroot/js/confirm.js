// Forms that undo something ask first: data-confirm on the form holds the question. A reassign form asks when
// the chosen writer once declined the letter (data-declined on the option).
document.addEventListener('submit', event => {
  const form = event.target;
  const declined = form.querySelector('option:checked[data-declined="true"]');
  const question = form.dataset.confirm
    ?? (declined ? `${declined.textContent.split(' — ')[0]} declined this letter before. Reassign it to them anyway?` : null);
  if (question && !window.confirm(question)) event.preventDefault();
});
