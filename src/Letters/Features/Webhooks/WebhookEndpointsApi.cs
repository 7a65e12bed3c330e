using System.Net;
using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Webhooks;

public sealed record WebhookEndpointResponse(
    Guid Id,
    string Object,
    string Mode,
    string Url,
    string? Description,
    IReadOnlyList<string> EventTypes,
    string Status,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    DateTimeOffset? FailingSince,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Secret)
{
    /// <summary>The secret appears only in the answer to creating or rotating; every other answer has null.</summary>
    public static WebhookEndpointResponse From(WebhookEndpoint e, DateTimeOffset now, bool withSecret = false) => new(
        e.Id, "webhook_endpoint", WireNames.Mode(e.IsTest), e.Url, e.Description, e.EventTypes,
        e.DisabledAt is null ? "enabled" : "disabled", e.DisabledAt, e.DisabledReason, e.FailingSince,
        e.PreviousSecret is not null && e.PreviousSecretUntil > now ? e.PreviousSecretUntil : null,
        e.CreatedAt, e.UpdatedAt, withSecret ? e.Secret : null);
}

/// <summary>The rules of an endpoint's URL and subscriptions, for the API and the client app alike.</summary>
public static class WebhookRules
{
    /// <summary>Why the URL cannot be used, or null. Live endpoints take https only; an address in our own network never, unless allowed.</summary>
    public static string? UrlProblem(string url, bool live, bool allowPrivate)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "'url' must be an absolute http(s) URL, e.g. https://example.com/letters/webhooks.";
        }

        if (live && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "Live endpoints must use https: events carry your customers' names and addresses.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "'url' must not carry a user name or password; verify deliveries by their signature instead.";
        }

        // Said at once for what is plain from the URL (the connection's guard refuses the rest when it resolves):
        // an address literal that is not public, and names of this host, however spelled ("localhost.", look-alike
        // letters that IDNA maps to it, the machine's own name).
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (!allowPrivate && (uri.IsLoopback || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && !AddressGuard.IsPublic(ip)) || IsOwnName(host)))
        {
            return "'url' points into a private network; webhooks go to public addresses only.";
        }

        return null;
    }

    private static bool IsOwnName(string host)
    {
        if (host is "localhost" or "localhost.localdomain" || host.EndsWith(".localhost", StringComparison.Ordinal) || host.EndsWith(".local", StringComparison.Ordinal) || host.EndsWith(".internal", StringComparison.Ordinal))
        {
            return true;
        }

        var own = Dns.GetHostName().ToLowerInvariant();
        return host == own;
    }

    public static string? EventTypesProblem(IReadOnlyList<string>? types)
    {
        var unknown = types?.Where(t => !WebhookEvents.Subscribable.Contains(t)).ToList() ?? [];
        return unknown.Count == 0
            ? null
            : $"Unknown event types: {string.Join(", ", unknown)}. Known: {string.Join(", ", WebhookEvents.Subscribable)}.";
    }
}

/// <summary><c>/v1/webhook_endpoints</c>: where a client hears about their letters. A test key sees and feeds test endpoints only.</summary>
public static class WebhookEndpointsApi
{
    public sealed record CreateRequest(string? Url, List<string>? EventTypes, string? Description);

    public sealed class CreateRequestValidator : RequestValidator<CreateRequest>
    {
        public CreateRequestValidator()
        {
            RuleFor(r => r.Url).NotEmpty().MaximumLength(2048);
            RuleFor(r => r.Description).MaximumLength(500);
            RuleFor(r => r.EventTypes).Must(t => WebhookRules.EventTypesProblem(t) is null).WithMessage(r => WebhookRules.EventTypesProblem(r.EventTypes)!);
        }
    }

    /// <summary>Every field may be left out; <c>enabled: true</c> turns a disabled endpoint back on and sends what waited.</summary>
    public sealed record UpdateRequest(string? Url, List<string>? EventTypes, string? Description, bool? Enabled);

    public sealed class UpdateRequestValidator : RequestValidator<UpdateRequest>
    {
        public UpdateRequestValidator()
        {
            RuleFor(r => r.Url).NotEmpty().MaximumLength(2048).When(r => r.Url is not null);
            RuleFor(r => r.Description).MaximumLength(500);
            RuleFor(r => r.EventTypes).Must(t => WebhookRules.EventTypesProblem(t) is null).WithMessage(r => WebhookRules.EventTypesProblem(r.EventTypes)!);
        }
    }

    public sealed record EndpointList(string Object, IReadOnlyList<WebhookEndpointResponse> Data);

    public static RouteGroupBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/webhook_endpoints", "Webhooks")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/", Create).WithSummary("Add an endpoint; the answer shows its signing secret, once");
        group.MapGet("/", List).WithSummary("This mode's endpoints");
        group.MapGet("/{id}", Get).WithSummary("Get an endpoint");
        group.MapPatch("/{id}", Update).WithSummary("Change an endpoint, or enable it again");
        group.MapDelete("/{id}", Delete).WithSummary("Remove an endpoint and its delivery log");
        WebhookActions.Map(group);
        return group;
    }

    internal static async Task<Results<Created<WebhookEndpointResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateRequest request, HttpContext http, LettersDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var added = await AddAsync(db, http.User.ClientId(), http.User.IsTestMode(), request.Url!, request.EventTypes, request.Description, now, options.Value, ct);
        return added switch
        {
            { Endpoint: { } endpoint } => TypedResults.Created($"/v1/webhook_endpoints/{endpoint.Id}", WebhookEndpointResponse.From(endpoint, now, withSecret: true)),
            { Field: { } field } => Problems.Invalid(field, added.Error!),
            _ => Problems.Conflict("Too many endpoints.", added.Error!),
        };
    }

    public sealed record Added(WebhookEndpoint? Endpoint, string? Field, string? Error);

    /// <summary>Adds an endpoint for the API and the client app alike: its URL and types checked, at most so many per mode.</summary>
    public static async Task<Added> AddAsync(
        LettersDbContext db, Guid clientId, bool isTest, string url, IReadOnlyList<string>? types, string? description, DateTimeOffset now, WebhookOptions options, CancellationToken ct)
    {
        if (WebhookRules.UrlProblem(url, !isTest, options.AllowPrivateAddresses) is { } problem)
        {
            return new Added(null, "url", problem);
        }

        if (WebhookRules.EventTypesProblem(types) is { } unknown)
        {
            return new Added(null, "event_types", unknown);
        }

        if (await db.WebhookEndpoints.CountAsync(e => e.ClientId == clientId && e.IsTest == isTest, ct) >= options.MaxEndpoints)
        {
            return new Added(null, null, $"A client may have {options.MaxEndpoints} endpoints per mode; remove one first.");
        }

        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(now), ClientId = clientId, IsTest = isTest, Url = url, Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            EventTypes = types?.Distinct().ToList() ?? [], Secret = WebhookSignature.NewSecret(), CreatedAt = now, UpdatedAt = now,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        return new Added(endpoint, null, null);
    }

    internal static async Task<Ok<EndpointList>> List(HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var isTest = http.User.IsTestMode();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.ClientId == clientId && e.IsTest == isTest).OrderBy(e => e.CreatedAt).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new EndpointList("list", endpoints.Select(e => WebhookEndpointResponse.From(e, now)).ToList()));
    }

    internal static async Task<Results<Ok<WebhookEndpointResponse>, ProblemHttpResult>> Get(Guid id, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct) =>
        await FindAsync(db, http, id, ct, tracked: false) is { } endpoint
            ? TypedResults.Ok(WebhookEndpointResponse.From(endpoint, clock.GetUtcNow()))
            : Problems.NotFound("webhook endpoint", id);

    internal static async Task<Results<Ok<WebhookEndpointResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdateRequest request, HttpContext http, LettersDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        if (await FindAsync(db, http, id, ct) is not { } endpoint)
        {
            return Problems.NotFound("webhook endpoint", id);
        }

        if (request.Url is not null && WebhookRules.UrlProblem(request.Url, !endpoint.IsTest, options.Value.AllowPrivateAddresses) is { } problem)
        {
            return Problems.Invalid("url", problem);
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        endpoint.Url = request.Url ?? endpoint.Url;
        endpoint.Description = request.Description ?? endpoint.Description;
        endpoint.EventTypes = request.EventTypes?.Distinct().ToList() ?? endpoint.EventTypes;
        endpoint.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (request.Enabled == true && endpoint.DisabledAt is not null)
        {
            await EnableAsync(db, endpoint, now, ct);
        }
        else if (request.Enabled == false && endpoint.DisabledAt is null)
        {
            await DisableAsync(db, endpoint, "Disabled by you.", now, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(WebhookEndpointResponse.From(endpoint, now));
    }

    /// <summary>
    /// Turns a disabled endpoint back on. What waited is sent now: deliveries still pending, and those whose schedule
    /// ran out while the endpoint was failing, each starting its schedule afresh.
    /// </summary>
    public static async Task EnableAsync(LettersDbContext db, WebhookEndpoint endpoint, DateTimeOffset now, CancellationToken ct)
    {
        var failingSince = endpoint.FailingSince ?? endpoint.DisabledAt!.Value;
        await db.WebhookDeliveries
            .Where(d => d.EndpointId == endpoint.Id && (d.State == WebhookDeliveryState.Pending || d.State == WebhookDeliveryState.Held
                || (d.State == WebhookDeliveryState.Failed && d.CreatedAt >= failingSince)))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Pending).SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.Attempts, 0).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
        endpoint.DisabledAt = null;
        endpoint.DisabledReason = null;
        endpoint.FailingSince = null;
        endpoint.UpdatedAt = now;
    }

    /// <summary>The endpoint is turned off (by its owner, or after failing): its deliveries are held until it is enabled again.</summary>
    public static async Task DisableAsync(LettersDbContext db, WebhookEndpoint endpoint, string reason, DateTimeOffset now, CancellationToken ct)
    {
        endpoint.DisabledAt = now;
        endpoint.DisabledReason = reason;
        endpoint.UpdatedAt = now;
        await HoldAsync(db, endpoint.Id, ct);
    }

    /// <summary>What waits for a disabled endpoint leaves the senders' queue (and comes back on <see cref="EnableAsync"/>).</summary>
    public static Task<int> HoldAsync(LettersDbContext db, Guid endpointId, CancellationToken ct) =>
        db.WebhookDeliveries.Where(d => d.EndpointId == endpointId && d.State == WebhookDeliveryState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Held).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var isTest = http.User.IsTestMode();
        var deleted = await db.WebhookEndpoints.Where(e => e.Id == id && e.ClientId == clientId && e.IsTest == isTest).ExecuteDeleteAsync(ct);
        return deleted == 0 ? Problems.NotFound("webhook endpoint", id) : TypedResults.NoContent();
    }

    /// <summary>The endpoint if it is this client's, in this key's mode; another's, or the other mode's, is not found.</summary>
    public static async Task<WebhookEndpoint?> FindAsync(LettersDbContext db, HttpContext http, Guid id, CancellationToken ct, bool tracked = true)
    {
        var clientId = http.User.ClientId();
        var isTest = http.User.IsTestMode();
        var query = tracked ? db.WebhookEndpoints : db.WebhookEndpoints.AsNoTracking();
        return await query.SingleOrDefaultAsync(e => e.Id == id && e.ClientId == clientId && e.IsTest == isTest, ct);
    }
}
