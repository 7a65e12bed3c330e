// The order form: the hint for the chosen occasion; the new-recipient fields only when nobody from the address
// book is chosen; and one submission, however quickly the button is pressed twice (the server's Idempotency-Key
// makes a second one harmless anyway).
(function () {
    const form = document.getElementById('order-form');
    if (!form) { return; }
    const occasion = document.getElementById('occasion');
    const hints = document.querySelectorAll('#hints li');
    const showHint = () => hints.forEach(li => { li.hidden = li.dataset.occasion !== occasion.value; });
    occasion.addEventListener('change', showHint);
    showHint();

    const saved = document.getElementById('recipient-id');
    const fresh = form.querySelector('.new-recipient');
    if (saved && fresh) {
        const toggle = () => { fresh.hidden = saved.value !== ''; };
        saved.addEventListener('change', toggle);
        toggle();
    }

    let sent = false;
    form.addEventListener('submit', event => {
        if (sent) { event.preventDefault(); return; }
        sent = true;
        setTimeout(() => { sent = false; }, 5000);
    });
})();
