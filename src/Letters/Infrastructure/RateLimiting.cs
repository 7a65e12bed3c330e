using System.Collections.Concurrent;
using System.Globalization;
using Letters.Auth;
using Microsoft.AspNetCore.Authentication;

namespace Letters.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>Lob's limit: 150 requests per 5 seconds per key.</summary>
    public int Limit { get; set; } = 150;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests with unknown or revoked keys one address may send per <see cref="FailureWindow"/>.</summary>
    public int FailureLimit { get; set; } = 20;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);
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

/// <summary>
/// Failed API-key authentications per client address: an address that keeps sending unknown keys is refused
/// before its keys are looked up, so guessing keys costs the guesser, not the database.
/// </summary>
public sealed class FailedAuthenticationLimiter(TimeProvider clock, Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
{
    private const int MaxAddresses = 100_000;
    private readonly ConcurrentDictionary<string, Window> windows = new();

    /// <summary>When the address may try again, if it has used up its failures for this window.</summary>
    public DateTimeOffset? BlockedUntil(string address)
    {
        var now = clock.GetUtcNow();
        return windows.TryGetValue(address, out var window) && now < window.Start + options.Value.FailureWindow && window.Count >= options.Value.FailureLimit
            ? window.Start + options.Value.FailureWindow
            : null;
    }

    public void Fail(string address)
    {
        if (windows.Count >= MaxAddresses)
        {
            windows.Clear();
        }

        var now = clock.GetUtcNow();
        windows.AddOrUpdate(
            address,
            _ => new Window(now, 1),
            (_, current) => now >= current.Start + options.Value.FailureWindow ? new Window(now, 1) : current with { Count = current.Count + 1 });
    }

    private sealed record Window(DateTimeOffset Start, int Count);
}

public static class RateLimitMiddleware
{
    /// <summary>
    /// Counts every <c>/v1</c> request that carries an API key, before routing and binding, so malformed requests
    /// count too and carry the X-RateLimit headers. Requests whose key is unknown count against their address.
    /// </summary>
    public static IApplicationBuilder UseApiRateLimit(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/v1") && context.Request.Headers.Authorization.Count > 0,
            limited => limited.Use(async (context, next) =>
            {
                var services = context.RequestServices;
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var failures = services.GetRequiredService<FailedAuthenticationLimiter>();
                if (failures.BlockedUntil(address) is { } until)
                {
                    await TooManyAsync(context, until - now, "Too many requests with unknown API keys from this address.");
                    return;
                }

                var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
                if (result.Principal?.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is not { } key)
                {
                    if (result.Failure is not null)
                    {
                        failures.Fail(address);
                    }

                    await next();
                    return;
                }

                var limit = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value.Limit;
                var (allowed, remaining, reset) = services.GetRequiredService<ApiRateLimiter>().Take(key);
                // Set as the response starts: an error handler further in clears the headers of a failed request.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
                if (!allowed)
                {
                    await TooManyAsync(context, reset - now, $"This API key may make {limit} requests per window.");
                    return;
                }

                await next();
            }));

    private static Task TooManyAsync(HttpContext context, TimeSpan wait, string detail)
    {
        var retryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return ErrorResponses.RejectAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests.", $"{detail} Retry after {retryAfter} s.");
    }
}
