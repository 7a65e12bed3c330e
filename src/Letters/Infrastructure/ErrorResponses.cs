using Microsoft.AspNetCore.Mvc;

namespace Letters.Infrastructure;

/// <summary>
/// Two audiences, two error formats: programs calling the APIs get RFC 9457 ProblemDetails, people in a browser
/// get an HTML page with a way back. Which one is decided by the path, once, here.
/// </summary>
public static class ErrorResponses
{
    private static readonly string[] ApiPrefixes = ["/v1", "/writer/api", "/admin/api", "/account/api", "/hubs", "/openapi", "/health"];

    public static bool IsApi(HttpContext context) =>
        ApiPrefixes.Any(prefix => context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Refuses the request: a problem (with field errors, if any) for API paths; for pages only the status, so the
    /// status-code page renders the HTML error page.
    /// </summary>
    public static async Task RejectAsync(HttpContext context, int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        if (!IsApi(context))
        {
            return;
        }

        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>
    /// Status codes without a body become a problem on API paths and the error page on the others; unhandled
    /// exceptions likewise.
    /// </summary>
    public static IApplicationBuilder UseErrorResponses(this IApplicationBuilder app)
    {
        app.UseWhen(IsApi, api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(context => !IsApi(context), pages => pages
            .UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error/500",
                // A request the framework cannot read (a form value with a NUL, which its decoder refuses) is the sender's
                // mistake, answered as such.
                StatusCodeSelector = exception => exception switch
                {
                    BadHttpRequestException bad => bad.StatusCode,
                    InvalidDataException => StatusCodes.Status400BadRequest,
                    _ => StatusCodes.Status500InternalServerError,
                },
            })
            .UseStatusCodePagesWithReExecute("/error/{0}"));
        return app;
    }
}
