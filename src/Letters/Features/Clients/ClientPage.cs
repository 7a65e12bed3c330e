using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Letters.Features.Clients;

/// <summary>A page of the client web app: signed in with the client cookie, and knowing which client.</summary>
[Authorize(Policy = Policies.ClientApp)]
public abstract class ClientPage : PageModel
{
    protected Guid ClientId => User.ClientId();

    /// <summary>
    /// What an API handler's problem says, for the page's notice, with the fields named by the labels the page shows;
    /// null when there was none.
    /// </summary>
    protected static string? ProblemOf(IResult result) => result switch
    {
        ProblemHttpResult p => Infrastructure.Display.Worded(p.ProblemDetails.Detail ?? p.ProblemDetails.Title ?? "That did not work."),
        ValidationProblem v => string.Join(" ", v.ProblemDetails.Errors.SelectMany(e => e.Value).Select(Infrastructure.Display.Worded)),
        _ => null,
    };

    /// <summary>Field errors as a form shows them: by the API's field, worded with the form's labels.</summary>
    protected static Dictionary<string, string[]> Worded(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.Select(Infrastructure.Display.Worded).ToArray());
}
