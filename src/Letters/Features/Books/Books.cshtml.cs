using Letters.Infrastructure;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Clients;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Books;

/// <summary>
/// The client's books: bind the letters to someone (or everyone) over a span of dates, follow the build, and take the
/// interior PDF to a print-on-demand printer. Every action goes through the API's own handlers (<c>/v1/books</c>).
/// </summary>
public sealed class BooksModel(LettersDbContext db, TimeProvider clock, FluentValidation.IValidator<BooksApi.CreateRequest> validator) : ClientPage
{
    public sealed class CreateForm
    {
        public Guid? RecipientId { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
        public string? Title { get; set; }
        public string? Dedication { get; set; }
        public string Trim { get; set; } = "six_by_nine";
    }

    [BindProperty]
    public CreateForm Form { get; set; } = new();

    public List<BookResponse> Books { get; private set; } = [];

    /// <summary>The address book, with how many written letters each has: a book of someone with none cannot be made.</summary>
    public List<(Recipient Recipient, int Letters)> Recipients { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    /// <summary>While a book is being made the page looks again every few seconds.</summary>
    public bool Building => Books.Any(b => b.State is BookState.Queued or BookState.Building);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var request = new BooksApi.CreateRequest(Form.RecipientId, Form.From, Form.To, Form.Title, Form.Dedication, Form.Trim);
        var invalid = await validator.ValidateAsync(request, ct);
        if (!invalid.IsValid)
        {
            Error = string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage).Distinct());
            return await PageAsync(ct);
        }

        var created = await BooksApi.Create(request, HttpContext, db, clock, ct);
        Message = created.Result is Accepted<BookResponse> a
            ? $"“{a.Value!.Title}” is being made from {a.Value.LettersTotal} {(a.Value.LettersTotal == 1 ? "letter" : "letters")}. It appears below when it is ready."
            : null;
        Error = ProblemOf(created.Result);
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct) =>
        (await BooksApi.Pdf(id, HttpContext, db, HttpContext.RequestServices.GetRequiredService<Documents>(), ct)).Result switch
        {
            FileContentHttpResult file => File(file.FileContents.ToArray(), file.ContentType ?? "application/pdf", file.FileDownloadName),
            RedirectHttpResult redirect => Redirect(redirect.Url),
            _ => NotFound(),
        };

    private async Task<IActionResult> PageAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Books = (await BooksApi.List(HttpContext, db, ct)).Value!;
        var recipients = await db.Recipients.AsNoTracking().Where(r => r.ClientId == ClientId && r.DeletedAt == null).OrderBy(r => r.Name).Take(500).ToListAsync(ct);
        // Counted for the people listed only, by recipient: a client with years of letters to thousands of people
        // does not count them all on every visit.
        var listed = recipients.Select(r => r.Id).ToList();
        var written = await BooksApi.LettersOf(db, ClientId, isTest: false, recipientId: null, from: null, to: null)
            .Where(o => listed.Contains(o.RecipientId))
            .GroupBy(o => o.RecipientId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Recipients = [.. recipients.Select(r => (r, written.GetValueOrDefault(r.Id)))];
    }
}
