using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Clients;

/// <summary>The link in the reset e-mail: a new password, every older session signed out, and the link spent.</summary>
public sealed class ResetModel(ClientAccounts accounts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Error = await accounts.ResetPasswordAsync(Token ?? "", Password ?? "", ct);
        if (Error is not null)
        {
            return Page();
        }

        await HttpContext.SignOutAsync(ClientAccounts.Scheme);
        TempData["Message"] = "Your password is changed. Sign in with the new one.";
        return LocalRedirect("/app/signin");
    }
}
