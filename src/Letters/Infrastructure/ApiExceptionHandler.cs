using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Letters.Infrastructure;

/// <summary>
/// Turns the failures that are not bugs into ProblemDetails: an unreadable request is the client's 400, and an
/// unreachable database is a 503 the client may retry (with its Idempotency-Key). Anything else stays a 500.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read.", Explain(bad)),
            _ when IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable.", "The database is not reachable. Retry shortly; an Idempotency-Key makes retries safe."),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Database unavailable");
            context.Response.Headers.RetryAfter = "5";
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (exception is BadHttpRequestException { InnerException: JsonException { Path: { Length: > 1 } path } json })
        {
            problem.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [FieldName(path)] = [Explain(json)] };
        }

        return await problems.TryWriteAsync(problem);
    }

    /// <summary>In the client's terms: which field, and what was wrong with it; never a .NET type name.</summary>
    private static string Explain(BadHttpRequestException bad) => bad.InnerException is JsonException json
        ? (json.Path is { Length: > 1 } path ? $"'{FieldName(path)}': {Explain(json)}" : "The body is not well-formed JSON.")
        : bad.Message;

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
