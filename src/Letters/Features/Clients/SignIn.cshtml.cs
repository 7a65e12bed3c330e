using Letters.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Clients;

/// <summary>
/// A client signs in with the client cookie. Failures are counted per address, like unknown API keys, so the form
/// cannot be used to guess passwords quickly; a right password always signs in.
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
        var client = string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Password) ? null : await accounts.CheckPasswordAsync(Email, Password, ct);
        if (client is null)
        {
            // Guessing from one address is slowed; whoever shares it and knows their password is not.
            if (limiter.Fail(address) is { } until)
            {
                await Task.Delay(limiter.Delay(address), ct);
                Error = $"Too many failed attempts from here: try again after {until:HH:mm} UTC.";
                return Page();
            }

            Error = "The e-mail or password is not right.";
            return Page();
        }

        await HttpContext.SignInAsync(ClientAccounts.Scheme, ClientAccounts.Principal(client));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/app", StringComparison.Ordinal) ? ReturnUrl : "/app");
    }
}
