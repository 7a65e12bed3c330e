using Microsoft.AspNetCore.Mvc;

namespace Letters.Features.Clients;

/// <summary>
/// Sign out: the cookie is dropped and the session ended on the server, so a saved copy no longer works. A client
/// page, so the client cookie is what is read (and what the form's antiforgery token was made for).
/// </summary>
public sealed class SignOutModel(ClientAccounts accounts) : ClientPage
{
    public IActionResult OnGet() => LocalRedirect("/app");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await accounts.SignOutAsync(ClientId, ct);
        TempData["Message"] = "You are signed out.";
        return LocalRedirect("/app/signin");
    }
}
