using Microsoft.Extensions.Options;

namespace Letters.Infrastructure;

/// <summary><c>Letters:PublicUrl</c>: where people reach the service, for the links it e-mails.</summary>
public sealed class PublicSiteOptions
{
    /// <summary>The site's public origin, such as https://letters.example.com. Required in production.</summary>
    public string? Url { get; set; }

    /// <summary>Outside production, the address ./dev.sh run serves.</summary>
    public const string DevelopmentUrl = "http://localhost:5080";

    /// <summary>Production will not start without a public URL: a link built from a request's Host could point anywhere.</summary>
    public sealed class Validation(IHostEnvironment environment) : IValidateOptions<PublicSiteOptions>
    {
        public ValidateOptionsResult Validate(string? name, PublicSiteOptions options)
        {
            if (options.Url is null)
            {
                return environment.IsProduction()
                    ? ValidateOptionsResult.Fail("Set Letters__PublicUrl to the site's public address (https://…): e-mailed links are built from it, never from a request's Host header.")
                    : ValidateOptionsResult.Success;
            }

            return Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.PathAndQuery == "/" && string.IsNullOrEmpty(uri.UserInfo)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Letters:PublicUrl must be an origin such as https://letters.example.com, not '{options.Url}'.");
        }
    }
}

/// <summary>Links the service e-mails: always on the configured public origin, whatever Host a request carried.</summary>
public sealed class PublicSite(IOptions<PublicSiteOptions> options)
{
    public string Origin => (options.Value.Url ?? PublicSiteOptions.DevelopmentUrl).TrimEnd('/');

    public string Link(string path, string? token = null) => token is null ? $"{Origin}{path}" : $"{Origin}{path}?token={Uri.EscapeDataString(token)}";
}
