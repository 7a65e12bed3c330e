using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Clients;

/// <summary>
/// The link in the confirmation e-mail: the first time, it confirms the address and signs the client in (it is how a
/// sign-up finishes); again later, it only says the address is confirmed.
/// </summary>
public sealed class ConfirmModel(ClientAccounts accounts) : PageModel
{
    public bool Confirmed { get; private set; }
    public string? Email { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        var confirmation = string.IsNullOrEmpty(token) ? null : await accounts.ConfirmAsync(token, ct);
        Confirmed = confirmation is not null;
        Email = confirmation?.Client.Email;
        if (confirmation is { Now: true })
        {
            await HttpContext.SignInAsync(ClientAccounts.Scheme, ClientAccounts.Principal(confirmation.Client));
            TempData["Message"] = $"Welcome. {confirmation.Client.Email} is confirmed: you can order letters and make live keys.";
            return LocalRedirect("/app");
        }

        return Page();
    }
}
