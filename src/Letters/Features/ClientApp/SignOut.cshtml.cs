using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.ClientApp;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/app");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ClientAccounts.Scheme);
        TempData["Message"] = "You are signed out.";
        return LocalRedirect("/app/signin");
    }
}
