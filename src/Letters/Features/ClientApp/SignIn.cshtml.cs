using Letters.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.ClientApp;

/// <summary>
/// A client signs in with the client cookie. Failures are counted per address, like unknown API keys, so the form
/// cannot be used to guess passwords quickly.
/// </summary>
public sealed class SignInModel(ClientAccounts accounts, FailedAuthenticationLimiter limiter) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }
    public string? Message => TempData["Message"] as string;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (limiter.BlockedUntil(address) is { } until)
        {
            Error = $"Too many failed attempts from here: try again after {until:HH:mm} UTC.";
            return Page();
        }

        var client = string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Password) ? null : await accounts.CheckPasswordAsync(Email, Password, ct);
        if (client is null)
        {
            limiter.Fail(address);
            Error = "The e-mail or password is not right.";
            return Page();
        }

        await HttpContext.SignInAsync(ClientAccounts.Scheme, ClientAccounts.Principal(client));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/app", StringComparison.Ordinal) ? ReturnUrl : "/app");
    }
}
