using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Handwriting.Books;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Books;

public sealed record BookResponse(
    Guid Id, string Object, string Mode, Guid? RecipientId, DateOnly? From, DateOnly? To, string Title, string? Dedication, BookTrim Trim,
    BookState State, int LettersTotal, int LettersPlaced, int Percent, int? PageCount, double? GutterInches, IReadOnlyList<BookEntry> Contents,
    string? FailureReason, string? PdfUrl, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static BookResponse Of(Book b) => new(
        b.Id, "book", WireNames.Mode(b.IsTest), b.RecipientId, b.From, b.To, b.Title, b.Dedication, b.Trim, b.State, b.LettersTotal, b.LettersPlaced,
        b.State == BookState.Done ? 100 : b.LettersTotal == 0 ? 0 : Math.Min(99, b.LettersPlaced * 100 / b.LettersTotal),
        b.PageCount, b.GutterInches, b.Contents, b.FailureReason, b.State == BookState.Done ? $"/v1/books/{b.Id}/book.pdf" : null, b.CreatedAt, b.FinishedAt);
}

/// <summary>
/// <c>/v1/books</c>: the letters of one client, to one recipient or to everyone, over a span of dates, bound as a
/// print-on-demand interior (<see cref="BookBuilder"/> builds it in the background). Another client's book is a 404.
/// </summary>
public static class BooksApi
{
    /// <summary>More letters than this make more pages than a paperback binds: the client narrows the dates.</summary>
    public const int MaxLetters = 300;

    public sealed record CreateRequest(Guid? RecipientId, DateOnly? From, DateOnly? To, string? Title, [MultiLine] string? Dedication, string? Trim);

    public sealed class CreateValidator : RequestValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(r => r.Title).MaximumLength(120);
            RuleFor(r => r.Dedication).MaximumLength(600);
            RuleFor(r => r.Title).Must(Printable).When(r => r.Title is not null).WithMessage(r => Unprintable("title", r.Title!));
            RuleFor(r => r.Dedication).Must(Printable).When(r => r.Dedication is not null).WithMessage(r => Unprintable("dedication", r.Dedication!));
            RuleFor(r => r.Trim).Must(t => WireNames.TryParse<BookTrim>(t, out _)).When(r => r.Trim is not null)
                .WithMessage("'trim' must be six_by_nine (6 × 9 in) or a5.");
            RuleFor(r => r.To).GreaterThanOrEqualTo(r => r.From).When(r => r.From is not null && r.To is not null)
                .WithMessage("'to' must be on or after 'from'.");
        }
    }

    private static bool Printable(string? text) => text is null || BookComposer.UnsupportedCharacters(text).Count == 0;

    private static string Unprintable(string field, string text) =>
        $"The book's typeface cannot print: {string.Join(" ", BookComposer.UnsupportedCharacters(text))} in '{field}'. Leave those characters out: a printed book cannot carry a blank box.";

    public static RouteGroupBuilder MapBooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/books", "Books").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/", Create).WithSummary("Bind a client's letters as a book: to one recipient or everyone, over a span of dates");
        group.MapGet("/", List).WithSummary("This mode's books, newest first");
        group.MapGet("/{id:guid}", Get).WithSummary("A book: how far its build has got, its contents and page count");
        group.MapGet("/{id:guid}/book.pdf", Pdf).WithSummary("The finished interior, ready for a print-on-demand printer");
        return group;
    }

    /// <summary>
    /// The letters a book binds, in the order it binds them: the client's written letters (<see cref="Order.IsWritten"/>)
    /// of the book's mode, to its recipient (or anyone), delivered within its dates. One query for the count when it
    /// is asked for and the letters when it is built.
    /// </summary>
    public static IQueryable<Order> LettersOf(LettersDbContext db, Guid clientId, bool isTest, Guid? recipientId, DateOnly? from, DateOnly? to) =>
        db.Orders.AsNoTracking().Where(Order.IsWritten)
            .Where(o => o.ClientId == clientId && o.IsTest == isTest
                        && (recipientId == null || o.RecipientId == recipientId)
                        && (from == null || o.DeliverBy >= from) && (to == null || o.DeliverBy <= to)
                        && db.Renditions.Any(r => r.OrderId == o.Id && r.Kind == RenditionKind.Final))
            .OrderBy(o => o.DeliverBy).ThenBy(o => o.CreatedAt);

    internal static async Task<Results<Accepted<BookResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateRequest request, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        Recipient? recipient = null;
        if (request.RecipientId is { } recipientId)
        {
            recipient = await db.Recipients.AsNoTracking().SingleOrDefaultAsync(r => r.Id == recipientId && r.ClientId == clientId, ct);
            if (recipient is null)
            {
                return Problems.Invalid("recipient_id", "There is no such recipient in your address book.");
            }
        }

        var letters = await LettersOf(db, clientId, test, request.RecipientId, request.From, request.To).CountAsync(ct);
        if (letters == 0)
        {
            return Problems.Conflict("There are no letters to bind yet.",
                "A book binds letters that are written (approved or delivered)" + (recipient is null ? "" : $" to {recipient.Name}") + (request.From is null && request.To is null ? "." : " within those dates."));
        }

        if (letters > MaxLetters)
        {
            return Problems.Invalid("to", $"Those dates take {letters:N0} letters; a book binds at most {MaxLetters}. Choose a shorter span ('from' and 'to').");
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var book = new Book
        {
            Id = Guid.CreateVersion7(now), ClientId = clientId, IsTest = test, RecipientId = request.RecipientId, From = request.From, To = request.To,
            Title = string.IsNullOrWhiteSpace(request.Title) ? recipient is null ? "Letters" : $"Letters to {recipient.Name}" : request.Title.Trim(),
            Dedication = string.IsNullOrWhiteSpace(request.Dedication) ? null : request.Dedication.Trim(),
            Trim = request.Trim is null ? BookTrim.SixByNine : WireNames.Parse<BookTrim>(request.Trim),
            LettersTotal = letters, CreatedAt = now, UpdatedAt = now,
        };
        db.Books.Add(book);
        db.BookEvents.Add(book.Created(now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/v1/books/{book.Id}", BookResponse.Of(book));
    }

    internal static async Task<Ok<List<BookResponse>>> List(HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        var books = await db.Books.AsNoTracking().Where(b => b.ClientId == clientId && b.IsTest == test).OrderByDescending(b => b.CreatedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok(books.Select(BookResponse.Of).ToList());
    }

    private static async Task<Results<Ok<BookResponse>, ProblemHttpResult>> Get(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct) =>
        await FindAsync(db, http, id, ct) is { } book ? TypedResults.Ok(BookResponse.Of(book)) : Problems.NotFound("book", id);

    internal static async Task<Results<FileContentHttpResult, RedirectHttpResult, ProblemHttpResult>> Pdf(Guid id, HttpContext http, LettersDbContext db, Documents documents, CancellationToken ct)
    {
        if (await FindAsync(db, http, id, ct) is not { } book)
        {
            return Problems.NotFound("book", id);
        }

        if (book.State != BookState.Done)
        {
            return Problems.NotReady(book.State == BookState.Failed
                ? $"The book could not be made: {book.FailureReason}"
                : $"The book is being made ({BookResponse.Of(book).Percent} %). Follow it at /v1/books/{id}.");
        }

        var file = await db.BookFiles.AsNoTracking().SingleAsync(f => f.BookId == id, ct);
        return await Orders.OrderDocuments.DownloadAsync(documents, file.Sha256, $"book-{id}.pdf", ct);
    }

    private static Task<Book?> FindAsync(LettersDbContext db, HttpContext http, Guid id, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        return db.Books.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id && b.ClientId == clientId && b.IsTest == test, ct);
    }
}
