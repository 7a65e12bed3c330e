using FluentValidation;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Letters.Features.Account;

/// <summary>
/// Staff sign-in for writers and admins: Identity's password check with lockout after repeated failures, and
/// a cookie that is HttpOnly and SameSite=Strict. The dashboards' login forms post here too.
/// </summary>
public static class StaffLogin
{
    public const string StaffOrClientScheme = "staff-or-client";
    public const string CookieName = "letters.staff";

    public sealed record Request(string? Email, string? Password);

    public sealed class Validator : RequestValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(320);
            RuleFor(r => r.Password).NotEmpty().MaximumLength(200);
        }
    }

    public static RouteGroupBuilder MapStaffLogin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/account/api").WithTags("Staff").WithValidation();
        group.MapPost("/login", Login).WithSummary("Sign in as a writer or admin");
        // Signing out is the staff cookie's: another credential (an API key) has no staff session to end.
        group.MapPost("/logout", Logout).RequireAuthorization(policy => policy.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser())
            .WithSummary("Sign out");
        return group;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Login(Request request, SignInManager<StaffUser> signIn)
    {
        var result = await SignInAsync(signIn, request.Email!, request.Password!);
        return result.Succeeded
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed.",
                detail: result.IsLockedOut ? "Too many failed attempts: this account is locked for 15 minutes." : "The email or password is not right.");
    }

    private static readonly StaffUser Nobody = new() { UserName = "nobody@letters.invalid", Email = "nobody@letters.invalid", DisplayName = "nobody" };
    private static readonly string NobodysHash = new PasswordHasher<StaffUser>().HashPassword(Nobody, Guid.NewGuid().ToString());

    /// <summary>
    /// The one staff sign-in, for the page and the API: Identity's check with lockout; an unknown address takes as
    /// long as a known one (a password is checked against a hash either way), so timing does not tell who works here.
    /// </summary>
    public static async Task<Microsoft.AspNetCore.Identity.SignInResult> SignInAsync(SignInManager<StaffUser> signIn, string email, string password)
    {
        if (await signIn.UserManager.FindByEmailAsync(email) is not { } user)
        {
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(Nobody, NobodysHash, password);
            return Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }

        return await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
    }

    public static async Task<NoContent> Logout(SignInManager<StaffUser> signIn, HttpContext http)
    {
        await EndSessionAsync(signIn, http.User);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Signs out and changes the security stamp, which every staff cookie is checked against on each request
    /// (<see cref="ConfigureStampCheck"/>): a copy of the cookie stops working with the original.
    /// </summary>
    public static async Task EndSessionAsync(SignInManager<StaffUser> signIn, System.Security.Claims.ClaimsPrincipal user)
    {
        if (await signIn.UserManager.GetUserAsync(user) is { } staff)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(staff);
        }

        await signIn.SignOutAsync();
    }

    /// <summary>Staff cookies are checked against the stored security stamp on every request, not every half hour.</summary>
    public static void ConfigureStampCheck(SecurityStampValidatorOptions options) => options.ValidationInterval = TimeSpan.Zero;

    /// <summary>Cookie settings for staff, and problem responses instead of redirects on API paths.</summary>
    public static void ConfigureCookie(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(10);
        options.SlidingExpiration = true;
        options.LoginPath = "/account/login";
        options.Events.OnRedirectToLogin = context => Reply(context, StatusCodes.Status401Unauthorized, "Sign in first.");
        options.Events.OnRedirectToAccessDenied = context => Reply(context, StatusCodes.Status403Forbidden, "Your role does not allow this.");
    }

    private static Task Reply(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status, string detail)
    {
        if (ErrorResponses.IsApi(context.HttpContext))
        {
            context.Response.StatusCode = status;
            return Results.Problem(statusCode: status, detail: detail).ExecuteAsync(context.HttpContext);
        }

        if (status == StatusCodes.Status403Forbidden)
        {
            // A signed-in person without the role: say no plainly (the error page) rather than bounce them to a login page.
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        // Relative: the redirect must not echo the request's Host header, which the client controls.
        var target = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute);
        context.Response.Redirect(target.IsAbsoluteUri ? target.PathAndQuery : context.RedirectUri);
        return Task.CompletedTask;
    }
}
