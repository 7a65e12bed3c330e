using System.Collections.Concurrent;
using System.Globalization;
using Letters.Auth;

namespace Letters.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>Lob's limit: 150 requests per 5 seconds per key.</summary>
    public int Limit { get; set; } = 150;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// A fixed window per API key, with the headers clients use to pace themselves (X-RateLimit-Limit, -Remaining,
/// -Reset) on every response and Retry-After on a 429. Written here rather than with the framework's limiter so
/// Remaining and Reset are exact and follow the app's TimeProvider. Per process: each instance counts its own.
/// </summary>
public sealed class ApiRateLimiter(TimeProvider clock, Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
{
    private readonly ConcurrentDictionary<string, Window> windows = new();

    public (bool Allowed, int Remaining, DateTimeOffset Reset) Take(string key)
    {
        var now = clock.GetUtcNow();
        var limit = options.Value.Limit;
        var window = windows.AddOrUpdate(
            key,
            _ => new Window(now, 1),
            (_, current) => now >= current.Start + options.Value.Window ? new Window(now, 1) : current with { Count = current.Count + 1 });
        return (window.Count <= limit, Math.Max(0, limit - window.Count), window.Start + options.Value.Window);
    }

    private sealed record Window(DateTimeOffset Start, int Count);
}

public static class RateLimitEndpoints
{
    /// <summary>Limits authenticated API clients, once per route group.</summary>
    public static TBuilder WithApiRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var key = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value;
            if (key is null)
            {
                return await next(invocation);
            }

            var limiter = http.RequestServices.GetRequiredService<ApiRateLimiter>();
            var limit = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value.Limit;
            var (allowed, remaining, reset) = limiter.Take(key);
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            http.Response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            if (allowed)
            {
                return await next(invocation);
            }

            var retryAfter = Math.Max(1, (int)Math.Ceiling((reset - now).TotalSeconds));
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests.",
                detail: $"This API key may make {limit} requests per window; retry after {retryAfter} s.");
        });
        return builder;
    }
}
