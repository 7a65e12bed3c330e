using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Handwriting;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Pricing;

/// <summary>
/// <c>POST /v1/quotes</c>: what a letter will cost, without ordering it. The price holds for a day: an order that
/// names the quote (<c>quote_id</c>) pays it even if the price list changed meanwhile.
/// </summary>
public static class Quotes
{
    /// <summary><c>style</c> matters to the price only when it is the client's own hand.</summary>
    public sealed record Request(string? Length, string? Priority, string? Paper, string? Style = null);

    public sealed record Response(Guid Id, string Object, string Mode, string Length, string Priority, string Paper, Price Price, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
    {
        public static Response From(Quote q) => new(
            q.Id, "quote", WireNames.Mode(q.IsTest), q.Length, WireNames.Of(q.Priority), q.Paper, q.Price, q.CreatedAt, q.ExpiresAt);
    }

    public sealed class Validator : RequestValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Length).NotEmpty().Must(l => l is not null && OrderVocabulary.Lengths.ContainsKey(l))
                .WithMessage("'length' must be one of: short (about 120 words), standard (about 250), long (about 500).");
            RuleFor(r => r.Priority).Must(p => OrderVocabulary.Priorities.Contains(p)).When(r => r.Priority is not null)
                .WithMessage("'priority' must be standard or rush.");
            RuleFor(r => r.Paper).Must(p => Catalogue.FindPaper(p) is not null).When(r => r.Paper is not null)
                .WithMessage($"'paper' must be one of: {string.Join(", ", Catalogue.Papers.Select(p => p.Id))}.");
            RuleFor(r => r.Style).Must(s => Catalogue.FindStyle(s) is not null).When(r => r.Style is not null)
                .WithMessage("'style' must be a style of the catalogue (GET /v1/catalogue) or your own hand.");
        }
    }

    public static RouteGroupBuilder MapQuotes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/quotes", "Prices");
        group.MapPost("/", Create).WithSummary("Quote a letter's price (held for 24 hours for an order that names it)");
        group.MapGet("/{id}", Get).WithSummary("Get a quote");
        return group;
    }

    private static async Task<Results<Created<Response>, ValidationProblem>> Create(Request request, HttpContext http, LettersDbContext db, IOptionsSnapshot<PriceList> prices, TimeProvider clock, CancellationToken ct)
    {
        // Another client's hand is no style at all to this one, as on an order.
        if (request.Style is { } style && !Hands.HandShelf.MayName(http.User.ClientId(), style))
        {
            return Problems.Invalid("style", "'style' must be a style of the catalogue (GET /v1/catalogue) or your own hand.");
        }

        var ownHand = request.Style is { } named && Hands.HandShelf.IsOwnHand(http.User.ClientId(), named);
        var quote = await NewAsync(db, http, prices.Value, request.Length!, WireNames.IsRush(request.Priority), request.Paper ?? CreateOrder.Defaults.Paper, clock.GetUtcNow(), ct, ownHand);
        return TypedResults.Created($"/v1/quotes/{quote.Id}", Response.From(quote));
    }

    /// <summary>A quote for the caller (an API key or the client app's cookie), saved and held for the quote lifetime.</summary>
    internal static async Task<Quote> NewAsync(LettersDbContext db, HttpContext http, PriceList prices, string length, bool rush, string paper, DateTimeOffset at, CancellationToken ct, bool ownHand = false)
    {
        var now = at.TruncateToMicroseconds();
        var quote = new Quote
        {
            Id = Guid.CreateVersion7(now),
            ClientId = http.User.ClientId(),
            IsTest = http.User.IsTestMode(),
            Length = length,
            Priority = rush ? Priority.Rush : Priority.Standard,
            Paper = paper,
            Price = prices.PriceOf(length, rush, paper, http.User.IsTestMode(), ownHand),
            CreatedAt = now,
            ExpiresAt = now + prices.QuoteLifetime,
        };
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(ct);
        return quote;
    }

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Get(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var quote = await FindAsync(db, http, id, ct);
        return quote is null ? Problems.NotFound("quote", id) : TypedResults.Ok(Response.From(quote));
    }

    /// <summary>The caller's quote in the caller's mode; another client's, or a test quote to a live key, is none.</summary>
    internal static Task<Quote?> FindAsync(LettersDbContext db, HttpContext http, Guid id, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        return db.Quotes.AsNoTracking().SingleOrDefaultAsync(q => q.Id == id && q.ClientId == clientId && q.IsTest == test, ct);
    }

    /// <summary>
    /// The price an order pays: its quote's, when it names one that is the caller's, unexpired and for the same
    /// letter; else the price list's now. Null with the reason when the quote cannot be used.
    /// </summary>
    internal static async Task<(Price? Price, string? Problem)> PriceOrderAsync(
        LettersDbContext db, HttpContext http, PriceList prices, Guid? quoteId, string length, bool rush, string paper, DateTimeOffset now, CancellationToken ct, bool ownHand = false)
    {
        if (quoteId is not { } id)
        {
            return (prices.PriceOf(length, rush, paper, http.User.IsTestMode(), ownHand), null);
        }

        var quote = await FindAsync(db, http, id, ct);
        if (quote is null)
        {
            return (null, "There is no such quote.");
        }

        if (quote.ExpiresAt <= now)
        {
            return (null, $"This quote expired at {quote.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Ask for a new one (POST /v1/quotes).");
        }

        var quoted = (quote.Length, quote.Priority == Priority.Rush, quote.Paper);
        if (quoted != (length, rush, paper))
        {
            return (null, $"This quote is for a {quote.Length} letter, {WireNames.Of(quote.Priority)}, on {quote.Paper} paper; "
                + $"this order is a {length} letter, {WireNames.Of(rush ? Priority.Rush : Priority.Standard)}, on {paper} paper. Ask for a quote for this letter.");
        }

        // A quote names its own-hand line or not, as the letter it priced was in the client's hand or not.
        if (quote.Price.Lines.Any(l => l.Item == OwnHandLine) != ownHand)
        {
            return (null, ownHand
                ? "This quote is for a letter in a catalogue style; this order is in your own hand. Ask for a quote with its style."
                : "This quote is for a letter in your own hand; this order is not. Ask for a quote for this letter.");
        }

        return (quote.Price, null);
    }

    public const string OwnHandLine = "own_hand";
}
