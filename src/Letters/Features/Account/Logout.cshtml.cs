using Letters.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Account;

/// <summary>Staff sign out: the cookie is dropped and the security stamp changed, so a saved copy no longer works.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<StaffUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await StaffLogin.EndSessionAsync(signIn, User);
        return LocalRedirect("/account/login");
    }
}
