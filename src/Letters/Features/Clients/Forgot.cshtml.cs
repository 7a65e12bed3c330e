using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Clients;

/// <summary>Asks for a reset link. The answer is the same whether or not the address has an account.</summary>
public sealed class ForgotModel(ClientAccounts accounts) : PageModel
{
    [BindProperty] public string? Email { get; set; }

    public string? Message { get; private set; }

    public async Task OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Email))
        {
            await accounts.SendPasswordResetAsync(Email, ct);
        }

        Message = "If there is an account with that address, a link to choose a new password is on its way. It works for an hour.";
    }
}
