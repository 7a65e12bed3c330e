using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.ClientApp;

/// <summary>The link in the confirmation e-mail. It works whether or not the client is signed in on this browser.</summary>
public sealed class ConfirmModel(ClientAccounts accounts) : PageModel
{
    public bool Confirmed { get; private set; }
    public string? Email { get; private set; }

    public async Task OnGetAsync(string? token, CancellationToken ct)
    {
        var client = string.IsNullOrEmpty(token) ? null : await accounts.ConfirmAsync(token, ct);
        Confirmed = client is not null;
        Email = client?.Email;
    }
}
