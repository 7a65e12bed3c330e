using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.ClientApp;

/// <summary>A page of the client web app: signed in with the client cookie, and knowing which client.</summary>
[Authorize(Policy = Policies.ClientApp)]
public abstract class ClientPage : PageModel
{
    protected Guid ClientId => User.ClientId();

    /// <summary>What an API handler's problem says, for the page's notice; null when there was none.</summary>
    protected static string? ProblemOf(IResult result) => result switch
    {
        ProblemHttpResult p => p.ProblemDetails.Detail ?? p.ProblemDetails.Title,
        ValidationProblem v => string.Join(" ", v.ProblemDetails.Errors.SelectMany(e => e.Value)),
        _ => null,
    };
}
