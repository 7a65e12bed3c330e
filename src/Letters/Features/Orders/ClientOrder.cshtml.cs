using Letters.Infrastructure;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Clients;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Orders;

/// <summary>
/// One letter: its timeline, the proof when a writer has one, the final letter to read page by page and download,
/// cancelling while that is allowed, and the free revision. Each action is the API's own use case.
/// </summary>
public sealed class ClientOrderModel(LettersDbContext db, TimeProvider clock) : ClientPage
{
    public OrderResponse Order { get; private set; } = null!;
    public IReadOnlyList<OrderEvents.EventResponse> Timeline { get; private set; } = [];
    public int ProofPages { get; private set; }
    public int LetterPages { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Whether the client may still cancel: the same statuses the cancel use case moves.</summary>
    public bool Cancellable => OrderStateMachine.CancelByClient.From.Contains(OrderStatusNames.Parse(Order.Status));

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        var result = await CancelOrder.Handle(id, HttpContext, db, clock, ct);
        return await AfterAsync(id, result.Result, "The letter is cancelled; it will not be charged.", ct);
    }

    public async Task<IActionResult> OnPostReviseAsync(Guid id, string? notes, [FromServices] IOptions<OrderingOptions> options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(notes) || notes.Length > 2000)
        {
            Error = "Say what to change, in at most 2,000 characters.";
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        var result = await RequestRevision.Handle(id, new RequestRevision.Request(notes), HttpContext, db, clock, options, ct);
        return await AfterAsync(id, result.Result, "Your writer has your notes and is revising the letter.", ct);
    }

    /// <summary>The proof or the final letter as a PDF (downloading the final is what marks it delivered, as in the API).</summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid id, string kind, CancellationToken ct)
    {
        var documents = HttpContext.RequestServices.GetRequiredService<Documents>();
        var result = kind == "letter" ? (await OrderDocuments.Letter(id, HttpContext, db, documents, clock, ct)).Result : (await OrderDocuments.Proof(id, HttpContext, db, documents, ct)).Result;
        return result switch
        {
            FileContentHttpResult file => File(file.FileContents.ToArray(), file.ContentType ?? "application/pdf", file.FileDownloadName),
            RedirectHttpResult redirect => Redirect(redirect.Url),
            _ => NotFound(),
        };
    }

    /// <summary>
    /// The page is shown at most 600 pixels wide (img.page): a phone or an ordinary screen takes the 600-pixel picture
    /// (a third of the large one's bytes), a sharp screen the 1,200-pixel one.
    /// </summary>
    public const string PictureSizes = "(max-width: 632px) calc(100vw - 2rem), 600px";

    public string PictureSet(string kind, int n) =>
        string.Join(", ", new[] { ("small", 300), ("medium", 600), ("large", 1200) }.Select(s => $"/app/orders/{Order.Id}?handler=Page&kind={kind}&n={n}&size={s.Item1} {s.Item2}w"));

    /// <summary>A page of the proof or the letter as a picture, to read in the browser (n: "page" is Razor Pages' own route value).</summary>
    public async Task<IActionResult> OnGetPageAsync(Guid id, string kind, int n, string? size, CancellationToken ct)
    {
        var result = await OrderThumbnails.PictureAsync(id, size ?? "medium", n, kind == "letter" ? RenditionKind.Final : RenditionKind.Proof, HttpContext, db, HttpContext.RequestServices.GetRequiredService<Documents>(), clock, ct);
        return result.Result is FileContentHttpResult file ? File(file.FileContents.ToArray(), "image/png") : NotFound();
    }

    private async Task<IActionResult> AfterAsync(Guid id, IResult result, string done, CancellationToken ct)
    {
        if (result is ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound })
        {
            return NotFound();
        }

        if (result is ProblemHttpResult problem)
        {
            Error = problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        TempData["Message"] = done;
        return Redirect($"/app/orders/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if ((await GetOrder.Handle(id, HttpContext, db, ct)).Result is not Ok<OrderResponse> { Value: { } order })
        {
            return false;
        }

        Order = order;
        Timeline = (await OrderEvents.Handle(id, HttpContext, db, ct)).Result is Ok<OrderEvents.Timeline> { Value: { } timeline } ? timeline.Data : [];
        var pages = await db.Renditions.AsNoTracking().Where(r => r.OrderId == id).Select(r => new { r.Kind, r.PageCount }).ToListAsync(ct);
        var status = OrderStatusNames.Parse(order.Status);
        ProofPages = pages.Where(p => p.Kind == RenditionKind.Proof && OrderDocuments.Shows(status, p.Kind)).Select(p => p.PageCount).FirstOrDefault();
        LetterPages = pages.Where(p => p.Kind == RenditionKind.Final && OrderDocuments.Shows(status, p.Kind)).Select(p => p.PageCount).FirstOrDefault();
        return true;
    }
}
