using Letters.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Account;

public sealed class LoginModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await StaffLogin.SignInAsync(signIn, Email, Password);
        if (result.Succeeded)
        {
            // Only local addresses: a crafted ReturnUrl must not send a writer to another site. Without one, each
            // role starts on its own dashboard.
            if (Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/")
            {
                return LocalRedirect(ReturnUrl!);
            }

            var user = await users.FindByEmailAsync(Email!);
            var roles = user is null ? [] : await users.GetRolesAsync(user);
            return LocalRedirect(roles.Contains(StaffRoles.Admin) ? "/admin" : roles.Contains(StaffRoles.Writer) ? "/writer" : "/");
        }

        Error = result.IsLockedOut ? "Too many failed attempts: this account is locked for 15 minutes." : "The email or password is not right.";
        return Page();
    }
}
