using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Letters.Infrastructure;

/// <summary>
/// Limits every request meets before routing, answered in the app's own error format. Kestrel's own answers to
/// an over-long request line or header block are bare status codes with empty bodies, so Kestrel's limits are
/// set at twice these and the app refuses first, with a reason. (A request Kestrel cannot parse at all still
/// gets Kestrel's bare 400: nothing of the app runs for it.)
/// </summary>
public static class RequestGuards
{
    public const int MaxRequestTarget = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;

    public static void ConfigureKestrel(KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestLineSize = 2 * MaxRequestTarget;
        kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
    }

    public static IApplicationBuilder UseRequestGuards(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value + context.Request.QueryString.Value;
            if (target.Length > MaxRequestTarget)
            {
                await ErrorResponses.RejectAsync(context, StatusCodes.Status414UriTooLong, "The address is too long.", $"Addresses may be at most {MaxRequestTarget} characters; send large values in the body.");
                return;
            }

            var headerBytes = context.Request.Headers.Sum(h => h.Key.Length + 4 + h.Value.Sum(v => v?.Length ?? 0));
            if (headerBytes > MaxHeaderBytes)
            {
                await ErrorResponses.RejectAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large.", $"Headers may be at most {MaxHeaderBytes / 1024} KB in all.");
                return;
            }

            // Query values reach SQL as text, and PostgreSQL refuses a NUL in text with an error: no parameter may
            // carry a control character, whichever endpoint reads it.
            foreach (var (name, values) in context.Request.Query)
            {
                if (name.Any(char.IsControl) || values.Any(v => v?.Any(char.IsControl) == true))
                {
                    var field = new string(name.Where(c => !char.IsControl(c)).ToArray());
                    await ErrorResponses.RejectAsync(
                        context,
                        StatusCodes.Status400BadRequest,
                        "The request is not valid.",
                        $"The query parameter '{field}' contains a control character.",
                        new Dictionary<string, string[]> { [field] = [$"'{field}' must not contain control characters."] });
                    return;
                }
            }

            await next();
        });
}
