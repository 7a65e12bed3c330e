using System.Diagnostics;
using Letters.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features;

/// <summary>What a person in a browser sees when something is missing, forbidden or broken, with a way back.</summary>
[AllowAnonymous]
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public string Explanation { get; private set; } = string.Empty;
    public string Home { get; private set; } = "/";
    public string HomeLabel { get; private set; } = "Back to Letters";
    public string? TraceId { get; private set; }

    public void OnGet(int code) => Describe(code);

    // Re-executed error pages keep the original method: a failed form post lands here as a POST.
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        // Re-executed after a failure the response already carries the real status; visited directly it does not.
        Code = Response.StatusCode is >= 400 ? Response.StatusCode : code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = Code;
        (Title, Explanation) = Code switch
        {
            400 => ("That request did not make sense", "Something in the address or the form was not what this page expects. Go back and try again."),
            401 => ("Please sign in", "This page is for signed-in staff."),
            403 => ("Not allowed", "Your role does not allow this page. If you think it should, ask an admin."),
            404 => ("Not found", "There is nothing here, or it is not yours to see."),
            414 or 431 => ("That request was too large", "The address or its headers were too long for this site."),
            429 => ("Slow down a little", "Too many requests in a short time. Wait a few seconds and try again."),
            503 => ("Letters is briefly unavailable", "The service cannot reach its database right now. Nothing you saved is lost; try again in a minute."),
            _ => ("Something went wrong", "The page failed on our side. Nothing you saved is lost; try again, and tell an admin if it keeps happening."),
        };
        (Home, HomeLabel) = User.IsInRole(StaffRoles.Admin) ? ("/admin", "Back to the review inbox")
            : User.IsInRole(StaffRoles.Writer) ? ("/writer", "Back to my letters")
            : User.Identity?.IsAuthenticated == true ? ("/", "Back to Letters")
            : ("/account/login", "Sign in");
        TraceId = Code >= 500 ? Activity.Current?.Id ?? HttpContext.TraceIdentifier : null;
    }
}
