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
/// Failed authentications (unknown API keys, wrong passwords) per client address. A guesser is slowed, never the
/// people it shares an address with: a valid key or a right password always goes through; only failures past the
/// limit wait (a growing delay, up to two seconds) and are answered "too many" until the window is over.
/// </summary>
public sealed class FailedAuthenticationLimiter(TimeProvider clock, Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
{
    private const int MaxAddresses = 100_000;
    private readonly ConcurrentDictionary<string, Window> windows = new();

    /// <summary>Counts a failure; returns when the address may fail again without waiting, if it is past its limit now.</summary>
    public DateTimeOffset? Fail(string address)
    {
        if (windows.Count >= MaxAddresses)
        {
            windows.Clear();
        }

        var now = clock.GetUtcNow();
        var window = windows.AddOrUpdate(
            address,
            _ => new Window(now, 1),
            (_, current) => now >= current.Start + options.Value.FailureWindow ? new Window(now, 1) : current with { Count = current.Count + 1 });
        return window.Count > options.Value.FailureLimit ? window.Start + options.Value.FailureWindow : null;
    }

    /// <summary>How long a failure past the limit waits before its answer: longer the further past, two seconds at most.</summary>
    public TimeSpan Delay(string address) =>
        windows.TryGetValue(address, out var window) && window.Count > options.Value.FailureLimit
            ? TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (window.Count - options.Value.FailureLimit)))
            : TimeSpan.Zero;

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

                // Every key is looked up (a valid one is usually in the key cache): one that works always goes on.
                var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
                if (result.Principal?.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is not { } key)
                {
                    if (result.Failure is not null && failures.Fail(address) is { } until)
                    {
                        await Task.Delay(failures.Delay(address), context.RequestAborted);
                        await TooManyAsync(context, until - now, "Too many requests with unknown API keys from this address.");
                        return;
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
