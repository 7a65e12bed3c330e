using Letters.Domain;
using Letters.Features.Account;

namespace Letters.Auth;

/// <summary>Who may reach what: the three kinds of caller, each a policy, registered once.</summary>
public static class Policies
{
    /// <summary>Authenticated with an API key: the ordering API.</summary>
    public const string Client = "client";

    /// <summary>A staff sign-in in the writer role: the writer dashboard and its API.</summary>
    public const string Writer = "writer";

    /// <summary>A staff sign-in in the admin role: the admin console and its API.</summary>
    public const string Admin = "admin";

    /// <summary>A client signed in to the web app (<c>/app</c>) with the client cookie.</summary>
    public const string ClientApp = "client-app";

    public static IServiceCollection AddLettersAuthorization(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentStaff>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Client, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ClientIdClaim))
            // Staff pages and APIs recognise both credentials, so a client's API key on /admin is a 403, not a login page.
            .AddPolicy(Writer, policy => policy.AddAuthenticationSchemes(StaffLogin.StaffOrClientScheme).RequireRole(StaffRoles.Writer))
            .AddPolicy(Admin, policy => policy.AddAuthenticationSchemes(StaffLogin.StaffOrClientScheme).RequireRole(StaffRoles.Admin))
            // The client app recognises the staff cookie too, so staff on /app get a 403, not a client sign-in page.
            .AddPolicy(ClientApp, policy => policy.AddAuthenticationSchemes(StaffLogin.StaffOrClientScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ClientIdClaim)
                .RequireAssertion(context => context.User.Identity?.AuthenticationType == Features.Clients.ClientAccounts.Scheme));
        return services;
    }
}
