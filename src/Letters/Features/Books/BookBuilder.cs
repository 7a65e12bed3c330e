using System.Data.Common;
using System.Globalization;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Renditions;
using Letters.Features.StandingOrders;
using Letters.Features.Webhooks;
using Letters.Handwriting;
using Letters.Handwriting.Books;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Books;

public sealed class BookOptions
{
    /// <summary>How often an idle instance looks for a book to build.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a build may run before another instance takes the book again (its builder is presumed dead).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Builds begun before the book is failed: a book that kills its builder must not kill every instance in turn.</summary>
    public int MaxAttempts { get; set; } = 3;
}

/// <summary>
/// Builds books, on any instance. A build takes its book with <c>FOR UPDATE SKIP LOCKED</c> and a lease, in a
/// transaction of its own, then reads the letters and composes the book outside any transaction, writing its
/// progress as it goes; the finished file is saved with the book's move to done. A builder that dies leaves the
/// lease to run out, and the next takes the book from the start.
/// </summary>
public sealed partial class BookBuilder(IServiceScopeFactory scopes, Documents documents, TimeProvider clock, IOptions<BookOptions> options, ILogger<BookBuilder> logger) : IWorker
{
    /// <summary>
    /// The oldest book waiting, or building under a lease that ran out, locked for this builder and skipped by the
    /// others; read from the partial index of unbuilt books (a plan test holds it there beside thousands built).
    /// </summary>
    /// <summary>The webhooks a book sends: <c>book.done</c> (with its contents and page count) and <c>book.failed</c>.</summary>
    public static readonly IReadOnlyList<string> Events = ["book.done", "book.failed"];

    public sealed record BookData(BookResponse Book);

    internal static readonly string ClaimSql = $$"""
        SELECT *, xmin FROM books
        WHERE state = {{StateSql.Of(BookState.Queued)}} OR (state = {{StateSql.Of(BookState.Building)}} AND lease_until < {0})
        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
        """;

    public static WorkerKind Kind => WorkerKind.Books;

    public TimeSpan Idle => options.Value.PollInterval;

    public Task<bool> PassAsync(CancellationToken ct) => BuildOnceAsync(ct);

    /// <summary>Builds the oldest waiting book, if any; true when there was one.</summary>
    public async Task<bool> BuildOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var book = await ClaimAsync(db, ct);
        if (book is null)
        {
            return false;
        }

        if (book.State != BookState.Building)
        {
            return true;
        }

        try
        {
            var (document, orders) = await DocumentAsync(db, book, ct);
            await db.Books.Where(b => b.Id == book.Id && b.Attempts == book.Attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.LettersTotal, document.Letters.Count), ct);
            var rendered = await ComposeAsync(db, book, document, ct);
            await FinishAsync(db, book, document, orders, rendered, ct);
        }
        catch (Exception e) when (e is not (OperationCanceledException or DbException or DbUpdateException))
        {
            // A letter that cannot be laid into a book fails it, with the reason; the database being away does not
            // (the lease runs out and the build is tried again).
            LogFailed(logger, book.Id, e);
            await FailAsync(db, book.Id, book.Attempts, $"A letter could not be laid into the book: {e.Message}", ct);
        }

        return true;
    }

    private async Task<Book?> ClaimAsync(LettersDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var book = await db.Books.FromSqlRaw(ClaimSql, now).SingleOrDefaultAsync(ct);
        if (book is null)
        {
            return null;
        }

        if (book.Attempts >= options.Value.MaxAttempts)
        {
            db.BookEvents.Add(book.MoveTo(Book.Fail, now, $"The build stopped {book.Attempts} times without finishing."));
            book.FailureReason = $"The build stopped {book.Attempts} times without finishing. Ask support to look at it.";
            await Told(db, book, BookState.Building, now, ct);
        }
        else
        {
            if (book.State == BookState.Queued)
            {
                db.BookEvents.Add(book.MoveTo(Book.Build, now, "Building."));
            }

            book.Attempts++;
            book.LeaseUntil = now + options.Value.Lease;
            book.LettersPlaced = 0;
            book.UpdatedAt = now;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return book;
    }

    /// <summary>The letters as the book shows them: each final's own PDF, headed with its date, occasion and place.</summary>
    private async Task<(BookDocument Document, List<Order> Orders)> DocumentAsync(LettersDbContext db, Book book, CancellationToken ct)
    {
        var orders = await BooksApi.LettersOf(db, book.ClientId, book.IsTest, book.RecipientId, book.From, book.To).Include(o => o.Recipient).Take(BooksApi.MaxLetters).ToListAsync(ct);
        if (orders.Count == 0)
        {
            throw new InvalidOperationException("None of the book's letters is written any longer.");
        }

        var ids = orders.Select(o => o.Id).ToList();
        var finals = (await db.Renditions.AsNoTracking().Where(r => ids.Contains(r.OrderId) && r.Kind == RenditionKind.Final).ToListAsync(ct))
            .GroupBy(r => r.OrderId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.CreatedAt)!);
        var draftIds = finals.Values.Select(r => r.DraftId).ToList();
        var drafts = await db.Drafts.AsNoTracking().Where(d => draftIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var standingIds = orders.Select(o => o.Metadata.GetValueOrDefault(StandingOrderScheduler.MetadataKey)).OfType<string>().Select(Guid.Parse).Distinct().ToList();
        var occasionNames = await db.StandingOrders.AsNoTracking().Where(s => standingIds.Contains(s.Id) && s.OccasionName != null)
            .ToDictionaryAsync(s => s.Id.ToString(), s => s.OccasionName!, ct);
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == book.ClientId, ct);

        var letters = new List<BookLetter>(orders.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            var final = finals[order.Id];
            var draft = drafts[final.DraftId];
            var recipient = order.Recipient!;
            var occasion = order.Metadata.GetValueOrDefault(StandingOrderScheduler.MetadataKey) is { } s && occasionNames.TryGetValue(s, out var named)
                ? named
                : Display.Words(order.Occasion);
            var document = LettersDocument(order, recipient, draft, final);
            letters.Add(new BookLetter(order.DeliverBy.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), occasion,
                $"{recipient.City}, {PostalAddress.CountryName(recipient.Country)}", await documents.ReadAsync(final.Sha256, ct), PagesOf(document, final, order)));
            names.Add(recipient.Name);
            names.Add(recipient.Name.Split(' ')[0]);
            if (document.Signature.Split(' ') is { Length: <= 3 } words && words.All(w => w.Length > 1 && char.IsUpper(w[0])))
            {
                names.Add(document.Signature);
            }
        }

        var first = orders[0].DeliverBy.Year;
        var last = orders[^1].DeliverBy.Year;
        var span = first == last ? first.ToString(CultureInfo.InvariantCulture) : $"{first}–{last}";
        var to = book.RecipientId is null ? "" : $" to {orders[0].Recipient!.Name}";
        var now = clock.GetUtcNow();
        return (new BookDocument
        {
            Title = book.Title,
            Subtitle = $"{orders.Count} {(orders.Count == 1 ? "letter" : "letters")}{(book.Title.Contains(to.Trim(), StringComparison.Ordinal) ? "" : to)}, {span}",
            Dedication = book.Dedication,
            Trim = book.Trim,
            Letters = letters,
            Names = [.. names],
            Colophon =
            [
                $"Letters written by hand for {client.Name}{to}, {span}. Each is reproduced from the pages that were sent.",
                $"Made by Letters on {now.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}. Set in EB Garamond.",
            ],
            CreatedAt = now,
        }, orders);
    }

    /// <summary>
    /// The words of each page of the final as sent. A letter rendered by an earlier renderer may have broken its
    /// pages elsewhere: the pages placed are always the final's own (all but the envelope page), and only the index
    /// may then be a page out for that letter.
    /// </summary>
    private static IReadOnlyList<string> PagesOf(LetterDocument document, Rendition final, Order order)
    {
        var sent = final.PageCount - (order.WindowAddress ? 0 : 1);
        var texts = LetterRenderer.PageTexts(document);
        return texts.Count == sent ? texts : [.. Enumerable.Range(0, Math.Max(sent, 1)).Select(i => i < texts.Count ? texts[i] : "")];
    }

    /// <summary>The letter as it was rendered: the same draft and seed give the same pages, so their words can be read off the layout.</summary>
    private static LetterDocument LettersDocument(Order order, Recipient recipient, Draft draft, Rendition final) =>
        LetterRendering.Document(order, recipient, draft, RenditionKind.Final, final.CreatedAt);

    /// <summary>Composes on a worker thread; meanwhile the letters placed so far are written to the book twice a second.</summary>
    private static async Task<RenderedBook> ComposeAsync(LettersDbContext db, Book book, BookDocument document, CancellationToken ct)
    {
        OutsideTransactions.Ensure("composing a book");
        var placed = 0;
        var compose = Task.Run(() => BookComposer.Compose(document, n => Volatile.Write(ref placed, n)), ct);
        while (!compose.IsCompleted)
        {
            await Task.WhenAny(compose, Task.Delay(TimeSpan.FromMilliseconds(500), ct));
            var now = Volatile.Read(ref placed);
            await db.Books.Where(b => b.Id == book.Id && b.Attempts == book.Attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.LettersPlaced, now), ct);
        }

        return await compose;
    }

    private async Task FinishAsync(LettersDbContext db, Book claimed, BookDocument document, List<Order> orders, RenderedBook rendered, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var sha256 = await documents.PutAsync(rendered.Pdf, "application/pdf", ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ChangeTracker.Clear();

        // Fenced on the attempt: a builder whose lease ran out while it worked finds the book taken, and saves nothing.
        var book = await db.Books.FromSql($"SELECT *, xmin FROM books WHERE id = {claimed.Id} AND state = {WireNames.Of(BookState.Building)} AND attempts = {claimed.Attempts} FOR UPDATE")
            .SingleOrDefaultAsync(ct);
        if (book is null)
        {
            return;
        }

        await db.BookFiles.Where(f => f.BookId == book.Id).ExecuteDeleteAsync(ct);
        db.BookFiles.Add(new BookFile { BookId = book.Id, Sha256 = sha256, SizeBytes = rendered.Pdf.Length, CreatedAt = now });
        book.PageCount = rendered.PageCount;
        book.GutterInches = rendered.GutterInches;
        book.LettersTotal = document.Letters.Count;
        book.LettersPlaced = document.Letters.Count;
        book.Contents = [.. document.Letters.Select((l, i) => new BookEntry(orders[i].Id, orders[i].DeliverBy, l.Occasion ?? "", l.Place, rendered.LetterPages[i], l.PageTexts.Count))];
        book.FinishedAt = now;
        book.LeaseUntil = null;
        db.BookEvents.Add(book.MoveTo(Book.Finish, now, $"{rendered.PageCount} pages, {document.Letters.Count} letters."));
        await Told(db, book, BookState.Building, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task FailAsync(LettersDbContext db, Guid id, int attempt, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ChangeTracker.Clear();
        var book = await db.Books.FromSql($"SELECT *, xmin FROM books WHERE id = {id} AND state = {WireNames.Of(BookState.Building)} AND attempts = {attempt} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (book is null)
        {
            return;
        }

        book.FailureReason = reason.Length > 1000 ? reason[..1000] : reason;
        book.LeaseUntil = null;
        db.BookEvents.Add(book.MoveTo(Book.Fail, now, book.FailureReason));
        await Told(db, book, BookState.Building, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The client is told a book is done or failed by webhook, in the transaction that says so.</summary>
    private static Task Told(LettersDbContext db, Book book, BookState from, DateTimeOffset now, CancellationToken ct) =>
        WebhookEvents.EnqueueAsync(db, book.ClientId, book.IsTest, $"book.{WireNames.Of(book.State)}", WireNames.Of(from), WireNames.Of(book.State),
            () => Task.FromResult<object>(new BookData(BookResponse.Of(book))), now, ct);

    [LoggerMessage(Level = LogLevel.Error, Message = "Book {BookId} could not be built")]
    private static partial void LogFailed(ILogger logger, Guid bookId, Exception e);
}
