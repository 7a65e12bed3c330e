using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.ClientApp;

/// <summary>Sign up: the account, a confirmation e-mail, and signed in at once (test keys until the address is confirmed).</summary>
public sealed class SignUpModel(ClientAccounts accounts) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (client, error) = await accounts.SignUpAsync(Name ?? "", Email ?? "", Password ?? "", ct);
        if (client is null)
        {
            Error = error;
            return Page();
        }

        await HttpContext.SignInAsync(ClientAccounts.Scheme, ClientAccounts.Principal(client));
        TempData["Message"] = $"Welcome. We sent a link to {client.Email}: confirm it to make live keys.";
        return LocalRedirect("/app");
    }
}
