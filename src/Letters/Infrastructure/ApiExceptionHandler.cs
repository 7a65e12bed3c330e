using Letters.Domain;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Letters.Infrastructure;

/// <summary>
/// Turns the failures that are not bugs into ProblemDetails: an unreadable request is the client's 400, and an
/// unreachable database is a 503 the client may retry (with its Idempotency-Key). Anything else stays a 500.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Pages get the HTML error page instead (ErrorResponses).
        if (!ErrorResponses.IsApi(httpContext))
        {
            return false;
        }

        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read.", Explain(bad)),
            DocumentStoreUnavailableException => (StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable.", "The document store is not reachable. Retry shortly; nothing was lost, and an Idempotency-Key makes retries safe."),
            _ when IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable.", "The database is not reachable. Retry shortly; an Idempotency-Key makes retries safe."),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "{What} unavailable", exception is DocumentStoreUnavailableException ? "Document store" : "Database");
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (exception is BadHttpRequestException { InnerException: JsonException { Path: { Length: > 1 } path } json })
        {
            problem.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [FieldName(path)] = [Explain(json)] };
        }
        else if (exception is BadHttpRequestException binding && ParameterError(binding.Message) is { } parameter)
        {
            problem.ProblemDetails.Title = "The request is not valid.";
            problem.ProblemDetails.Detail = parameter.Message;
            problem.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [parameter.Name] = [parameter.Message] };
        }

        return await problems.TryWriteAsync(problem);
    }

    /// <summary>In the client's terms: which field, and what was wrong with it; never a .NET type name.</summary>
    private static string Explain(BadHttpRequestException bad) => bad.InnerException is JsonException json
        ? (json.Path is { Length: > 1 } path ? $"'{FieldName(path)}': {Explain(json)}" : "The body is not well-formed JSON.")
        : bad.Message;

    /// <summary>
    /// A query or route parameter the framework could not bind ("Failed to bind parameter \"Nullable`1 limit\"
    /// from \"abc\"."): the snake_case parameter and what it takes, in the client's words. The framework's text
    /// names .NET types, so it is never passed on.
    /// </summary>
    private static (string Name, string Message)? ParameterError(string message)
    {
        var match = BindingFailure().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var name = WireNames.Of(match.Groups["name"].Value);
        var type = match.Groups["type"].Value;
        var takes = type switch
        {
            _ when type.Contains("Int", StringComparison.OrdinalIgnoreCase) => "a whole number",
            _ when type.Contains("DateTime", StringComparison.Ordinal) => "a date and time such as 2026-01-31T09:00:00Z",
            _ when type.Contains("DateOnly", StringComparison.Ordinal) => "a date such as 2026-01-31",
            _ when type.Contains("Guid", StringComparison.Ordinal) => "a UUID",
            _ when type.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false",
            _ => "a value of another form",
        };
        return match.Groups["missing"].Success
            ? (name, $"'{name}' is required.")
            : (name, $"'{name}' must be {takes}.");
    }

    [GeneratedRegex("""^(?:Failed to bind parameter "(?<type>[^"]*) (?<name>[^" ]+)" from|Required parameter "(?<type>[^"]*) (?<name>[^" ]+)" was not provided(?<missing>))""")]
    private static partial Regex BindingFailure();

    private static string Explain(JsonException json) =>
        json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "This field is not part of the API; check its spelling."
        : json.Message.Contains("could not be converted", StringComparison.Ordinal) ? "The value has the wrong type or format (dates are YYYY-MM-DD, ids are UUIDs)."
        : "The JSON is not well-formed here.";

    private static string FieldName(string path) =>
        path.TrimStart('$', '.').Replace("['", ".", StringComparison.Ordinal).Replace("']", string.Empty, StringComparison.Ordinal);

    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
                || (e is InvalidOperationException && e.Message.Contains("transient failure", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
