using Microsoft.AspNetCore.Http.HttpResults;

namespace Letters.Infrastructure;

/// <summary>RFC 9457 problems (application/problem+json) for the API's expected failures.</summary>
public static class Problems
{
    /// <summary>Missing and foreign look the same: another client's order is "not found", never "forbidden".</summary>
    public static ProblemHttpResult NotFound(string what, Guid id) =>
        TypedResults.Problem(statusCode: 404, title: $"No such {what}.", detail: $"There is no {what} {id} for this API key.");

    /// <summary>Something of an existing resource that does not exist for it, and why.</summary>
    public static ProblemHttpResult NotFound(string what, Guid id, string why) =>
        TypedResults.Problem(statusCode: 404, title: $"No {what} for {id}.", detail: why);

    /// <summary>A 400 for one field: what is wrong with it, in words the client can act on.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    public static ProblemHttpResult NotReady(string detail) =>
        TypedResults.Problem(statusCode: 404, title: "Not ready yet.", detail: detail);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: 409, title: title, detail: detail);

    public static ProblemHttpResult Unprocessable(string title, string detail) =>
        TypedResults.Problem(statusCode: 422, title: title, detail: detail);
}

public static class Timestamps
{
    /// <summary>PostgreSQL keeps microseconds; trimming first makes what we return equal what we stored.</summary>
    public static DateTimeOffset TruncateToMicroseconds(this DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % 10), value.Offset);
}
