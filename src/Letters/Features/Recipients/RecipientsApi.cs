using System.Globalization;
using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Recipients;

/// <summary>An address as a client sends it, for the address book or inline on an order.</summary>
public sealed record RecipientInput(
    string? Name,
    string? Relationship,
    string? AddressLine1,
    string? AddressLine2,
    string? City,
    string? Region,
    string? PostalCode,
    string? Country);

public sealed record RecipientResponse(
    Guid Id,
    string Object,
    string Name,
    string? Relationship,
    string AddressLine1,
    string? AddressLine2,
    string City,
    string? Region,
    string PostalCode,
    string Country,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RecipientResponse From(Recipient r) => new(
        r.Id, "recipient", r.Name, r.Relationship, r.AddressLine1, r.AddressLine2, r.City, r.Region, r.PostalCode, r.Country.Trim(), r.CreatedAt, r.UpdatedAt);
}

public sealed class RecipientInputValidator : RequestValidator<RecipientInput>
{
    public RecipientInputValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Relationship).MaximumLength(200);
        RuleFor(r => r.AddressLine1).NotEmpty().MaximumLength(200);
        RuleFor(r => r.AddressLine2).MaximumLength(200);
        RuleFor(r => r.City).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Region).MaximumLength(100);
        RuleFor(r => r.PostalCode).NotEmpty().MaximumLength(20);
        RuleFor(r => r.Country).NotEmpty().Must(IsCountryCode).WithMessage("'country' must be an ISO 3166-1 alpha-2 code, e.g. FR or US.");
    }

    public static bool IsCountryCode(string? code)
    {
        if (code is not { Length: 2 } || !code.All(char.IsAsciiLetterUpper))
        {
            return false;
        }

        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The client's address book under <c>/v1/recipients</c>. Another client's entry is a 404.</summary>
public static class RecipientsApi
{
    public static RouteGroupBuilder MapRecipients(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/recipients", "Recipients");

        group.MapPost("/", Create).WithSummary("Add a recipient to the address book");
        group.MapGet("/", List).WithSummary("List recipients, newest first (cursor pages)");
        group.MapGet("/{id}", Get).WithSummary("Get a recipient");
        group.MapPut("/{id}", Update).WithSummary("Replace a recipient's details");
        group.MapDelete("/{id}", Delete).WithSummary("Remove a recipient (earlier orders keep their copy)");
        return group;
    }

    /// <summary>A validated address given as the letter's sender, as the envelope writes it.</summary>
    public static ReturnAddress ReturnAddressOf(RecipientInput from) =>
        new(from.Name!.Trim(), from.AddressLine1!.Trim(), from.AddressLine2?.Trim(), from.City!.Trim(), from.Region?.Trim(), from.PostalCode!.Trim(), from.Country!.ToUpperInvariant());

    public static Recipient NewRecipient(RecipientInput input, Guid clientId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ClientId = clientId,
        Name = input.Name!,
        Relationship = input.Relationship,
        AddressLine1 = input.AddressLine1!,
        AddressLine2 = input.AddressLine2,
        City = input.City!,
        Region = input.Region,
        PostalCode = input.PostalCode!,
        Country = input.Country!,
        CreatedAt = now,
        UpdatedAt = now,
    };

    internal static async Task<Created<RecipientResponse>> Create(RecipientInput input, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var recipient = NewRecipient(input, http.User.ClientId(), clock.GetUtcNow().TruncateToMicroseconds());
        db.Recipients.Add(recipient);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/v1/recipients/{recipient.Id}", RecipientResponse.From(recipient));
    }

    private static async Task<Results<Ok<Page<RecipientResponse>>, ValidationProblem>> List(HttpContext http, LettersDbContext db, int? limit, string? after, string? before, CancellationToken ct)
    {
        if (PageRequest.Parse(limit, after, before) is not { } page)
        {
            return PageRequest.Invalid(limit, after, before);
        }

        var clientId = http.User.ClientId();
        var rows = await page.Apply(db.Recipients.AsNoTracking().Where(r => r.ClientId == clientId && r.DeletedAt == null), r => r.CreatedAt, r => r.Id).ToListAsync(ct);
        return TypedResults.Ok(page.ToPage(rows, r => r.CreatedAt, r => r.Id, RecipientResponse.From));
    }

    private static async Task<Results<Ok<RecipientResponse>, ProblemHttpResult>> Get(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var recipient = await db.Recipients.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.ClientId == clientId && r.DeletedAt == null, ct);
        return recipient is null ? Problems.NotFound("recipient", id) : TypedResults.Ok(RecipientResponse.From(recipient));
    }

    private static async Task<Results<Ok<RecipientResponse>, ValidationProblem, ProblemHttpResult>> Update(Guid id, RecipientInput input, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var recipient = await db.Recipients.SingleOrDefaultAsync(r => r.Id == id && r.ClientId == clientId && r.DeletedAt == null, ct);
        if (recipient is null)
        {
            return Problems.NotFound("recipient", id);
        }

        var fresh = NewRecipient(input, clientId, clock.GetUtcNow().TruncateToMicroseconds());

        // Every yearly letter to this person will be written to the new address: its handwriting must write and fit it.
        foreach (var standing in await db.StandingOrders.AsNoTracking().Where(s => s.RecipientId == id && s.PausedAt == null).ToListAsync(ct))
        {
            if (Orders.CreateOrder.AddressProblems(StandingOrders.StandingOrdersApi.CreateValidator.AsOrder(StandingOrders.StandingOrdersApi.CreateRequestOf(standing)), fresh, fresh.UpdatedAt) is { Count: > 0 } problems)
            {
                return TypedResults.ValidationProblem(
                    problems.ToDictionary(p => p.Key == "recipient_id" ? "address_line1" : p.Key, p => p.Value.Select(m => $"{m} (the yearly {Display.Words(standing.Occasion).ToLowerInvariant()} letter, standing order {standing.Id})").ToArray()),
                    title: "A yearly letter to this person could not be written to the new address.");
            }
        }

        (recipient.Name, recipient.Relationship, recipient.AddressLine1, recipient.AddressLine2) = (fresh.Name, fresh.Relationship, fresh.AddressLine1, fresh.AddressLine2);
        (recipient.City, recipient.Region, recipient.PostalCode, recipient.Country, recipient.UpdatedAt) = (fresh.City, fresh.Region, fresh.PostalCode, fresh.Country, fresh.UpdatedAt);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(RecipientResponse.From(recipient));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.Recipients
            .Where(r => r.Id == id && r.ClientId == clientId && r.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, now), ct);
        if (deleted == 0)
        {
            return Problems.NotFound("recipient", id);
        }

        // Nobody is written to who left the address book: their yearly letters pause, saying why.
        await db.StandingOrders.Where(s => s.RecipientId == id && s.PausedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PausedAt, now).SetProperty(x => x.PausedReason, "The recipient was removed from the address book.").SetProperty(x => x.UpdatedAt, now), ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
