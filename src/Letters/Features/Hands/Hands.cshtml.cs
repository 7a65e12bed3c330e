using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Admin;
using Letters.Handwriting;
using Letters.Handwriting.Hands;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Hands;

/// <summary>
/// The admin's hands: every writer's and client's, those sent for review first. A review shows a page written in the hand (built
/// from its boxes, not yet on the shelf, so nothing can order it meanwhile); approving shelves it, returning sends it
/// back to be written on.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class HandsModel(LettersDbContext db, TimeProvider clock) : AdminPage
{
    public sealed record Row(Hand Hand, string Writer, int Boxes);

    public List<Row> Rows { get; private set; } = [];
    public List<Domain.Writer> WithoutHand { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    public Row? Reviewed { get; private set; }
    public List<HandEvent> History { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var hands = await db.Hands.AsNoTracking()
            .Select(h => new
            {
                Hand = h,
                Writer = h.WriterId != null
                    ? db.Writers.Where(w => w.Id == h.WriterId).Select(w => w.DisplayName).FirstOrDefault()
                    : db.Clients.Where(c => c.Id == h.ClientId).Select(c => c.Name + " (client)").FirstOrDefault(),
                Boxes = db.HandSamples.Count(s => s.HandId == h.Id),
            })
            .ToListAsync(ct);
        Rows = [.. hands.Select(h => new Row(h.Hand, h.Writer ?? "(gone)", h.Boxes)).OrderBy(r => r.Hand.State == HandState.Submitted ? 0 : 1).ThenBy(r => r.Writer, StringComparer.Ordinal)];
        WithoutHand = await db.Writers.AsNoTracking().Where(w => w.IsActive && !db.Hands.Any(h => h.WriterId == w.Id)).OrderBy(w => w.DisplayName).ToListAsync(ct);
        if (Id is { } id)
        {
            Reviewed = Rows.FirstOrDefault(r => r.Hand.Id == id);
            if (Reviewed is null)
            {
                return NotFound();
            }

            History = await db.HandEvents.AsNoTracking().Where(e => e.HandId == id).OrderBy(e => e.Id).ToListAsync(ct);
        }

        return Page();
    }

    /// <summary>The sample page as a picture, shown on the review page.</summary>
    public async Task<IActionResult> OnGetSamplePictureAsync(CancellationToken ct) =>
        await OnGetSampleAsync(ct) is FileContentResult pdf
            ? File(await Renditions.Thumbnails.RasteriseAsync(pdf.FileContents, 1, 900, ct), "image/png")
            : NotFound();

    /// <summary>A page of the sample letter written in the hand, as a PDF: what the admin judges it by.</summary>
    public async Task<IActionResult> OnGetSampleAsync(CancellationToken ct)
    {
        var hand = await db.Hands.AsNoTracking().SingleOrDefaultAsync(h => h.Id == Id, ct);
        if (hand is null)
        {
            return NotFound();
        }

        var samples = await db.HandSamples.AsNoTracking().Where(s => s.HandId == hand.Id).ToListAsync(ct);
        OutsideTransactions.Ensure("drawing a hand's sample page");
        try
        {
            var library = HandLibrary.Build(HandShelf.Captured(hand, samples));
            var document = SampleLetter.Document(150, hand.StyleId, "cream", "a4", seed: 35) with { Title = $"{hand.Name}: sample page", Proof = hand.State != HandState.Approved };
            return File(LetterRenderer.Render(document, library).Pdf, "application/pdf");
        }
        catch (UnsupportedCharactersException e)
        {
            return new ObjectResult(new ProblemDetails { Title = "The hand cannot write the sample page yet.", Detail = $"It has no {string.Join(" ", e.Characters)}: the writer has boxes to write.", Status = 409 })
            {
                StatusCode = 409, ContentTypes = { "application/problem+json" },
            };
        }
    }

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => MoveAsync(Hand.Approve, "approved", ct);

    public Task<IActionResult> OnPostReturnAsync(string? note, CancellationToken ct) => MoveAsync(Hand.Return, "returned", ct, note);

    private async Task<IActionResult> MoveAsync(Transition<HandState> transition, string said, CancellationToken ct, string? note = null)
    {
        var hand = await db.Hands.SingleOrDefaultAsync(h => h.Id == Id, ct);
        if (hand is null)
        {
            return NotFound();
        }

        if (!transition.AppliesTo(hand.State) || hand.Demo && transition == Hand.Approve)
        {
            Message = $"{hand.Name} is {WireNames.Of(hand.State)}: it cannot be {said}.";
            return RedirectToPage(new { id = hand.Id });
        }

        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 1000)];
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        db.HandEvents.Add(hand.MoveTo(transition, Admin(), now, note));
        if (transition == Hand.Approve)
        {
            (hand.ApprovedAt, hand.ApprovedBy) = (now, Admin().Name);
        }

        Record(db, $"hand_{said}", hand.StyleId, note, now);
        await db.SaveChangesAsync(ct);
        if (transition == Hand.Approve)
        {
            await HandShelf.ShelveAsync(db, hand, ct);
        }
        else
        {
            HandShelf.Unshelve(hand);
        }

        Message = $"{hand.Name} {said}.";
        return RedirectToPage(new { id = hand.Id });
    }
}
