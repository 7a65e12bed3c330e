// The order form: the hint for the chosen occasion; the new-recipient fields only when nobody from the address
// book is chosen; the price shown in place (the page is not reloaded, so Back never lands on a re-sent form, and the
// keyboard goes on from the price); and one order, however quickly the button is pressed twice (the server's
// Idempotency-Key makes a second one harmless anyway).
(function () {
    const container = document.getElementById('order');
    if (!container) { return; }

    function wire() {
        const form = document.getElementById('order-form');
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
        let plain = false;
        // Whatever goes wrong in place, the form is sent as a plain form instead.
        const sendPlainly = submitter => { plain = true; submitter.disabled = false; form.requestSubmit(submitter); };
        form.addEventListener('submit', async event => {
            if (plain) { return; }
            if (sent) { event.preventDefault(); return; }
            sent = true;
            setTimeout(() => { sent = false; }, 5000);
            const submitter = event.submitter;
            if (!submitter || submitter.id !== 'review') { return; }

            // Seeing the price: ask in place and put the answer (the price, or what to correct) into this page.
            event.preventDefault();
            submitter.disabled = true;
            try {
                const body = new FormData(form);
                const response = await fetch(submitter.formAction, { method: 'POST', body, credentials: 'same-origin' });
                const page = new DOMParser().parseFromString(await response.text(), 'text/html');
                const next = page.getElementById('order');
                if (!response.ok || !next) { sendPlainly(submitter); return; }
                container.innerHTML = next.innerHTML;
                wire();
                const focus = document.getElementById('confirm') || document.getElementById('form-errors');
                if (focus) { focus.focus(); focus.scrollIntoView({ block: 'center' }); }
            } catch {
                sendPlainly(submitter);
            }
        });
    }

    wire();
})();
