using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Letters.Features.Campaigns;
using Letters.Features.Queue;
using Letters.Features.Renditions;
using Letters.Handwriting;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Drafting;

/// <summary>
/// Writing the letter: autosave into new draft versions, a live proof of the current version, and submit for
/// review. Every write is fenced on the claim (this writer, this attempt); a save based on an older version than
/// the latest (another tab, a stale page) is a conflict that overwrites nothing. Autosave is also the heartbeat.
/// </summary>
public static class Drafts
{
    /// <summary>
    /// <c>base_version</c> and <c>base_saves</c> are what the page last saw; <c>session</c> names the open page, so
    /// its saves fold into one version instead of one version every two seconds.
    /// </summary>
    public sealed record SaveRequest(int? Attempt, int? BaseVersion, string? Salutation, [MultiLine] string? Body, string? Closing, string? Signature, int? BaseSaves = null, Guid? Session = null);

    /// <param name="Unfit">Lines that would not fit the page or envelope, by field, with what to shorten: said while the
    /// writer writes, refused at submit.</param>
    public sealed record SaveResponse(int Version, int Saves, DateTimeOffset LeaseUntil, int Words, IReadOnlyDictionary<string, string[]> Unfit);

    /// <summary>A version keeps folding in one page's saves for this long; then the next save starts a new version.</summary>
    public static readonly TimeSpan VersionSpan = TimeSpan.FromMinutes(10);

    public sealed record SubmitRequest(int? Attempt, int? Version);

    public sealed class SaveValidator : RequestValidator<SaveRequest>
    {
        public SaveValidator()
        {
            RuleFor(r => r.Attempt).NotNull().GreaterThan(0);
            RuleFor(r => r.BaseVersion).NotNull().GreaterThanOrEqualTo(0);
            RuleFor(r => r.Salutation).NotNull().MaximumLength(200);
            RuleFor(r => r.Body).NotNull().MaximumLength(20000);
            RuleFor(r => r.Closing).NotNull().MaximumLength(200);
            RuleFor(r => r.Signature).NotNull().MaximumLength(200);
        }
    }

    public sealed class SubmitValidator : RequestValidator<SubmitRequest>
    {
        public SubmitValidator()
        {
            RuleFor(r => r.Attempt).NotNull().GreaterThan(0);
            RuleFor(r => r.Version).NotNull().GreaterThan(0);
        }
    }

    public static RouteGroupBuilder MapDrafts(this IEndpointRouteBuilder routes)
    {
        var writer = routes.MapGroup("/writer/api").WithTags("Drafting").RequireAuthorization(Policies.Writer).WithValidation();
        writer.MapPost("/letters/{id:guid}/drafts", Save).WithSummary("Autosave a new draft version (also extends the lease)");
        writer.MapGet("/letters/{id:guid}/preview.pdf", Preview).WithSummary("The watermarked proof of the latest draft version");
        writer.MapPost("/letters/{id:guid}/submit", Submit).WithSummary("Submit the latest draft for review");
        return writer;
    }

    public static async Task<Results<Ok<SaveResponse>, ValidationProblem, ProblemHttpResult>> Save(
        Guid id, SaveRequest request, CurrentStaff staff, LettersDbContext db, TimeProvider clock, IOptions<QueueOptions> options, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await HeldAsync(db, id, staff, request.Attempt!.Value, ct) is not { } held)
        {
            return ClaimLost();
        }

        var (order, writer) = held;
        var missing = Catalogue.UnsupportedCharacters(order.Letter.Style, string.Join('\n', request.Salutation, request.Body, request.Closing, request.Signature));
        if (missing.Count > 0)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"The handwriting '{order.Letter.Style}' cannot write: {string.Join(" ", missing)}."] },
                title: "The draft has characters this handwriting cannot write.");
        }

        var latest = await db.Drafts.Where(d => d.OrderId == id).OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        var latestVersion = latest?.Version ?? 0;

        // The fence: the page must have seen the latest version, and every save folded into it — unless those
        // saves came from this same page (a save sent while the previous one was still on its way).
        var samePage = request.Session is not null && latest?.Session == request.Session;
        if (request.BaseVersion != latestVersion || (latest is not null && request.BaseSaves is { } seen && seen != latest.Saves && !samePage))
        {
            return Problems.Conflict(
                "A newer version was saved elsewhere.",
                $"This page edits version {request.BaseVersion}, but version {latestVersion} was saved since (another tab?). Nothing was overwritten: reload to continue from the latest.");
        }

        var text = (Salutation: request.Salutation!.Trim(), Body: request.Body!.Trim(), Closing: request.Closing!.Trim(), Signature: request.Signature!.Trim());
        Draft draft;
        if (latest is { Submitted: false } && samePage && latest.Attempt == order.Attempt && now - latest.CreatedAt < VersionSpan)
        {
            draft = latest;
            (draft.Salutation, draft.Body, draft.Closing, draft.Signature) = text;
            draft.Saves++;
            draft.SavedAt = now;
        }
        else
        {
            draft = new Draft
            {
                Id = Guid.CreateVersion7(now), OrderId = id, WriterId = writer.Id, Attempt = order.Attempt, Version = latestVersion + 1,
                Salutation = text.Salutation, Body = text.Body, Closing = text.Closing, Signature = text.Signature,
                CreatedAt = now, SavedAt = now, Session = request.Session,
            };
            db.Drafts.Add(draft);
        }

        order.LeaseUntil = now + options.Value.Lease;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("A newer version was saved elsewhere.", "Two saves raced; nothing was overwritten. Reload to continue from the latest.");
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new SaveResponse(draft.Version, draft.Saves, order.LeaseUntil.Value, WordCount(draft.Body), LetterRendering.FitErrors(order, order.Recipient!, draft)));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Preview(Guid id, CurrentStaff staff, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        // The writer still sees their proof while it waits in review.
        var writer = (await staff.WriterAsync(ct))?.Id;
        var order = await db.Orders.AsNoTracking().Include(o => o.Recipient)
            .SingleOrDefaultAsync(o => o.Id == id && o.ClaimedBy != null && o.ClaimedBy == writer && (o.Status == OrderStatus.Claimed || o.Status == OrderStatus.ChangesRequested || o.Status == OrderStatus.InReview), ct);
        if (order is null)
        {
            return Problems.NotFound("letter", id);
        }

        var draft = await db.Drafts.AsNoTracking().Where(d => d.OrderId == id).OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        if (draft is null)
        {
            return Problems.NotReady("Nothing is written yet: the preview appears after the first save.");
        }

        var preview = LetterRendering.Draw(order, order.Recipient!, draft, RenditionKind.Proof, draft.CreatedAt);
        // Inline, not an attachment: the workspace shows it in a frame beside the editor.
        return TypedResults.File(preview.Pdf, "application/pdf");
    }

    /// <summary>
    /// Checks the letter and draws its proof before any transaction (drawing takes as long as the paper and pen, and
    /// no lock waits on it); then, in one short transaction, submits it if the claim and the draft are still what was
    /// checked and drawn. A save that landed meanwhile is a conflict: the writer submits the version they now see.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Submit(Guid id, SubmitRequest request, CurrentStaff staff, LettersDbContext db, Documents documents, MailBarcodes barcodes, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        if (await HeldAsync(db, id, staff, request.Attempt!.Value, ct, forUpdate: false) is not { } seen)
        {
            return ClaimLost();
        }

        var checkedDraft = await db.Drafts.AsNoTracking().Where(d => d.OrderId == id).OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        if (checkedDraft is null || checkedDraft.Version != request.Version)
        {
            return Problems.Conflict("Submit the version you see.", checkedDraft is null ? "Nothing is saved yet." : $"Version {checkedDraft.Version} is the latest; reload before submitting.");
        }

        if (string.IsNullOrWhiteSpace(checkedDraft.Body) || string.IsNullOrWhiteSpace(checkedDraft.Salutation) || string.IsNullOrWhiteSpace(checkedDraft.Signature))
        {
            return Problems.Conflict("The letter is not finished.", "A letter needs a salutation, a body and a signature before review.");
        }

        if (await CampaignLetter.UnknownFieldsAsync(db, seen.Order, checkedDraft, ct) is { Count: > 0 } unknown)
        {
            return Problems.Conflict("The campaign letter names fields the file does not have.",
                $"No row has {string.Join(", ", unknown.Select(f => "{{" + f + "}}"))}: it would be written as it stands. Use the fields listed beside the letter.");
        }

        // A line the page cannot hold would fail when the final is made for print: the writer shortens it now. A
        // campaign letter is checked as every recipient will read it.
        if (LetterRendering.FitErrors(seen.Order, seen.Order.Recipient!, checkedDraft, await CampaignLetter.MergesAsync(db, seen.Order, checkedDraft, ct)) is { Count: > 0 } unfit)
        {
            return TypedResults.ValidationProblem(unfit, title: "The letter does not fit its page.",
                detail: "A line the layout writes whole (the salutation, the closing or the signature) is too wide. Shorten it and submit again.");
        }

        var proof = await LetterRendering.RenderAsync(documents, barcodes, seen.Order, seen.Order.Recipient!, checkedDraft, RenditionKind.Proof, now, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await HeldAsync(db, id, staff, request.Attempt!.Value, ct, forUpdate: true) is not { } held)
        {
            return ClaimLost();
        }

        var (order, writer) = held;
        var draft = await db.Drafts.Where(d => d.OrderId == id).OrderByDescending(d => d.Version).FirstAsync(ct);
        if (draft.Id != checkedDraft.Id || draft.Saves != checkedDraft.Saves || draft.Submitted)
        {
            return Problems.Conflict("Submit the version you see.", "A save arrived while the letter was being checked; reload and submit again.");
        }

        draft.Submitted = true;
        var author = new Actor(ActorKind.Writer, writer.Id, writer.DisplayName);
        db.OrderEvents.Add(order.Apply(OrderStateMachine.SubmitDraft, author, now, $"Version {draft.Version} submitted for review."));
        LetterRendering.Record(db, order, proof, draft.Version, author, now);
        order.LeaseUntil = null;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    public static int WordCount(string text) => text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The order if this writer holds it under this attempt (null: the claim is lost): locked for a change, or only read (<paramref name="forUpdate"/> false).</summary>
    private static async Task<(Order Order, Writer Writer)?> HeldAsync(LettersDbContext db, Guid id, CurrentStaff staff, int attempt, CancellationToken ct, bool forUpdate = true)
    {
        if (await staff.WriterAsync(ct) is not { } writer)
        {
            return null;
        }

        var order = forUpdate
            ? await db.Orders.FromTable($"WHERE id = {id} FOR UPDATE").Include(o => o.Recipient).SingleOrDefaultAsync(ct)
            : await db.Orders.AsNoTracking().Include(o => o.Recipient).SingleOrDefaultAsync(o => o.Id == id, ct);
        return order is not null && OrderStateMachine.IsHeld(order.Status) && order.ClaimedBy == writer.Id && order.Attempt == attempt
            ? (order, writer)
            : null;
    }

    private static ProblemHttpResult ClaimLost() =>
        Problems.Conflict("Claim lost.", "This letter is no longer yours to write (the lease ran out, it was released or reassigned). Nothing was saved.");
}
