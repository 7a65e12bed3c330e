using Letters.Features.Admin;
using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Renditions;
using Letters.Features.Queue;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Reviewing;

[Authorize(Policy = Policies.Admin)]
public sealed class ReviewModel(LettersDbContext db, Documents documents, TimeProvider clock, IOptions<QueueOptions> options) : AdminPage
{
    public Order Order { get; private set; } = null!;
    public Draft Draft { get; private set; } = null!;
    public string WriterName { get; private set; } = string.Empty;
    public string? Error { get; private set; }
    public string ClientName { get; private set; } = string.Empty;

    /// <summary>Earlier rounds on this letter: what reviewers asked for, oldest first.</summary>
    public List<Domain.Review> EarlierReviews { get; private set; } = [];

    /// <summary>The version submitted in the round before, and what changed since, when there was one.</summary>
    public Draft? PreviousSubmission { get; private set; }
    public string DiffHtml { get; private set; } = string.Empty;
    /// <summary>A one-letter campaign's letter: approving it renders it for every recipient.</summary>
    public Campaign? Campaign { get; private set; }

    /// <summary>The letter as a few more of the campaign's recipients will read it.</summary>
    public List<(Order Order, string Text)> CampaignPreviews { get; private set; } = [];

    public int Words => Features.Drafting.Drafts.WordCount(Draft.Body);
    public int TargetWords => Features.Orders.OrderVocabulary.Lengths.GetValueOrDefault(Order.Letter.Length, 250);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetProofAsync(Guid id, CancellationToken ct)
    {
        var proof = await db.Renditions.AsNoTracking().Where(r => r.OrderId == id && r.Kind == RenditionKind.Proof).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        return proof is null ? NotFound() : File(await documents.ReadAsync(proof.Sha256, ct), "application/pdf");
    }

    /// <summary>The submitted campaign letter drawn for another of its recipients, as a watermarked proof.</summary>
    public async Task<IActionResult> OnGetCampaignPreviewAsync(Guid id, int row, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Campaign is null)
        {
            return NotFound();
        }

        var recipientOrder = await db.Orders.AsNoTracking().Include(o => o.Recipient).SingleOrDefaultAsync(o => o.CampaignId == Campaign.Id && o.CampaignRow == row, ct);
        return recipientOrder is null
            ? NotFound()
            : File(LetterRendering.Draw(recipientOrder, recipientOrder.Recipient!, Draft, RenditionKind.Proof, Draft.CreatedAt).Pdf, "application/pdf");
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, string? notes, CancellationToken ct) =>
        await DecideAsync(id, ReviewDecisions.ApproveAsync(db, documents, HttpContext.RequestServices.GetRequiredService<MailBarcodes>(), id, Admin(), notes, clock.GetUtcNow(), ct), "Approved: the final letter is rendered.", ct);

    public async Task<IActionResult> OnPostRequestChangesAsync(Guid id, string? notes, CancellationToken ct) =>
        await DecideAsync(id, ReviewDecisions.RequestChangesAsync(db, id, Admin(), notes, clock.GetUtcNow(), options.Value, ct), "Sent back to the writer with your notes.", ct);

    private async Task<IActionResult> DecideAsync(Guid id, Task<ReviewDecisions.Decided> decision, string done, CancellationToken ct)
    {
        var result = await decision;
        if (result.Ok)
        {
            TempData["Message"] = done;
            return Redirect("/admin");
        }

        Error = result.Error;
        return await LoadAsync(id, ct) ? Page() : Redirect("/admin");
    }


    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Recipient).Include(o => o.Client).SingleOrDefaultAsync(o => o.Id == id && o.Status == OrderStatus.InReview, ct);
        if (order is null)
        {
            return false;
        }

        Order = order;
        Draft = await db.Drafts.AsNoTracking().Where(d => d.OrderId == id && d.Submitted).OrderByDescending(d => d.Version).FirstAsync(ct);
        WriterName = await db.Writers.Where(w => w.Id == order.ClaimedBy).Select(w => w.DisplayName).SingleOrDefaultAsync(ct) ?? "a writer";
        ClientName = order.Client?.Name ?? "a client";
        EarlierReviews = await db.Reviews.AsNoTracking().Where(r => r.OrderId == id).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var draftVersion = Draft.Version;
        PreviousSubmission = await db.Drafts.AsNoTracking().Where(d => d.OrderId == id && d.Submitted && d.Version < draftVersion)
            .OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        if (PreviousSubmission is not null)
        {
            DiffHtml = TextDiff.Html(TextDiff.Words(PreviousSubmission.FullText, Draft.FullText));
        }

        if (order.CampaignId is { } campaignId && await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId, ct) is { } campaign && campaign.LetterOrderId == order.Id)
        {
            Campaign = campaign;
            var others = await db.Orders.AsNoTracking().Include(o => o.Recipient)
                .Where(o => o.CampaignId == campaignId && o.Id != order.Id).OrderBy(o => o.CampaignRow).Take(3).ToListAsync(ct);
            CampaignPreviews = [.. others.Select(o => (o, LetterRendering.Merged(o, Draft.FullText)))];
        }
        return true;
    }
}
