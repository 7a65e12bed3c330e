using Letters.Auth;

namespace Letters.Infrastructure;

public static class ApiPolicies
{
    /// <summary>
    /// A route group of the client API: API-key auth and request validation, set once,
    /// with the problem responses every such endpoint may give.
    /// </summary>
    public static RouteGroupBuilder MapClientApi(this IEndpointRouteBuilder routes, string prefix, string tag)
    {
        var group = routes.MapGroup(prefix).WithTags(tag)
            .RequireAuthorization(Policies.Client)
            .WithValidation();
        foreach (var status in new[] { StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable })
        {
            group.ProducesProblem(status);
        }

        return group;
    }
}
