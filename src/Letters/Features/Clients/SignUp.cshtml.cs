using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Clients;

/// <summary>
/// Sign up: the answer is the same for any address (only the mailbox learns whether it had an account), and the
/// e-mailed link finishes it: it confirms the address and signs in.
/// </summary>
public sealed class SignUpModel(ClientAccounts accounts) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    public string? Error { get; private set; }

    /// <summary>Where the link went, after a sign-up (carried over the redirect, so a reload does not post again).</summary>
    public string? SentTo => TempData["SentTo"] as string;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Error = await accounts.SignUpAsync(Name ?? "", Email ?? "", Password ?? "", HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        if (Error is not null)
        {
            return Page();
        }

        TempData["SentTo"] = Email!.Trim();
        return RedirectToPage();
    }
}
