using System.Text;
using Letters.Auth;
using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Campaigns;

public sealed record CampaignCounts(int RowsTotal, int RowsValid, int RowsInvalid, int RowsWithWarnings, int OrdersCreated, int LettersRendered);

public sealed record CampaignFileInfo(string Sha256, string? FileName, int SizeBytes, DateTimeOffset UploadedAt);

public sealed record CampaignResponse(
    Guid Id,
    string Object,
    string Name,
    CampaignKind Kind,
    CampaignState State,
    string Mode,
    int Percent,
    CampaignCounts Counts,
    string? FailureReason,
    CampaignFileInfo? File,
    Guid? LetterOrderId,
    IReadOnlyList<string> MergeFields,
    string Occasion,
    string Relationship,
    string? Brief,
    string Tone,
    string Length,
    string Language,
    string Style,
    string Ink,
    string Paper,
    string PageSize,
    string? Signature,
    DateOnly DeliverBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CampaignResponse From(Campaign c, CampaignUpload? file, int written) => new(
        c.Id, "campaign", c.Name, c.Kind, c.State, WireNames.Mode(c.IsTest), PercentOf(c, written),
        new CampaignCounts(c.RowsTotal, c.RowsValid, c.RowsInvalid, c.RowsWithWarnings, c.OrdersCreated, c.Kind == CampaignKind.Personal ? written : c.LettersRendered),
        c.FailureReason, file is null ? null : new CampaignFileInfo(file.Sha256, file.FileName, file.SizeBytes, file.CreatedAt), c.LetterOrderId,
        c.Kind == CampaignKind.OneLetter ? [.. Campaigns.MergeFields.Standard, .. c.CustomFields.Select(f => CampaignFile.CustomPrefix + f)] : [],
        c.Occasion, c.Letter.Relationship, c.Brief, c.Letter.Tone, c.Letter.Length, c.Letter.Language, c.Letter.Style, c.Letter.Ink, c.Letter.Paper, c.Letter.PageSize, c.Letter.Signature, c.DeliverBy, c.CreatedAt, c.UpdatedAt);

    /// <summary>
    /// How far the whole campaign has come, for a progress bar: the import is the first fifth, then the writing
    /// (a personal campaign's letters one by one; a one-letter campaign's one letter, then its review), then rendering.
    /// </summary>
    public static int PercentOf(Campaign c, int written)
    {
        double Share(int done, int of) => of == 0 ? 0 : Math.Clamp((double)done / of, 0, 1);
        var percent = (c.State, c.Kind) switch
        {
            (CampaignState.Done, _) => 100,
            (CampaignState.Importing, _) => 20 * Share(c.OrdersCreated, c.RowsValid),
            (CampaignState.Writing, CampaignKind.Personal) => 20 + (80 * Share(written, c.OrdersCreated)),
            (CampaignState.Writing, _) => 20,
            (CampaignState.InReview, _) => 30,
            (CampaignState.Rendering, _) => 30 + (70 * Share(c.LettersRendered, c.OrdersCreated)),
            _ => 0,
        };
        return (int)Math.Floor(percent);
    }
}

public sealed record CampaignEventResponse(string Object, CampaignState? FromState, CampaignState ToState, string? Note, DateTimeOffset CreatedAt);

/// <summary>
/// <c>/v1/campaigns</c>: many letters from one CSV. Create the campaign with what its letters share, send the file,
/// read the report, start it (skipping invalid rows, or only if there are none), follow it, and take the print file.
/// A campaign belongs to its key's mode; another client's, or the other mode's, is a 404.
/// </summary>
public static class CampaignsApi
{
    public static RouteGroupBuilder MapCampaigns(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/campaigns", "Campaigns")
            .ProducesProblem(StatusCodes.Status409Conflict);
        CreateCampaign.Map(group);
        group.MapGet("/", List).WithSummary("This mode's campaigns, newest first");
        group.MapGet("/template.csv", Template).Produces<string>(StatusCodes.Status200OK, "text/csv").WithSummary("The CSV template: the header and two example rows");
        group.MapGet("/{id:guid}", Get).WithSummary("A campaign: its state, counts and percent");
        group.MapGet("/{id:guid}/events", Events).WithSummary("Every state change of a campaign, oldest first");
        CampaignUploads.Map(group);
        CampaignReport.Map(group);
        CampaignActions.Map(group);
        CampaignPrint.Map(group);
        return group;
    }

    /// <summary>The caller's campaign in the caller's mode, or null: another client's looks the same as none.</summary>
    internal static Task<Campaign?> FindAsync(LettersDbContext db, HttpContext http, Guid id, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        return db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.ClientId == clientId && c.IsTest == test, ct);
    }

    /// <summary>Locked for a change, with the same ownership rule.</summary>
    internal static Task<Campaign?> LockAsync(LettersDbContext db, HttpContext http, Guid id, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        return db.Campaigns.FromTable($"WHERE id = {id} AND client_id = {clientId} AND is_test = {test} FOR UPDATE").SingleOrDefaultAsync(ct);
    }

    /// <summary>The answer for a campaign: with its file and, for a personal campaign at work, how many letters are written.</summary>
    internal static async Task<CampaignResponse> ResponseAsync(LettersDbContext db, Campaign campaign, CancellationToken ct)
    {
        var file = campaign.UploadId is { } uploadId
            ? await db.CampaignUploads.AsNoTracking().SingleAsync(u => u.Id == uploadId, ct)
            : null;
        var written = campaign is { Kind: CampaignKind.Personal, State: CampaignState.Writing }
            ? await db.Orders.Where(Order.IsWritten).CountAsync(o => o.CampaignId == campaign.Id, ct)
            : campaign.LettersRendered;
        return CampaignResponse.From(campaign, file, written);
    }

    private static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> Get(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct) =>
        await FindAsync(db, http, id, ct) is { } campaign
            ? TypedResults.Ok(await ResponseAsync(db, campaign, ct))
            : Problems.NotFound("campaign", id);

    private static async Task<Results<Ok<Page<CampaignResponse>>, ValidationProblem>> List(HttpContext http, LettersDbContext db, int? limit, string? after, string? before, CancellationToken ct)
    {
        if (PageRequest.Parse(limit, after, before) is not { } page)
        {
            return PageRequest.Invalid(limit, after, before);
        }

        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        var rows = await page.Apply(db.Campaigns.AsNoTracking().Where(c => c.ClientId == clientId && c.IsTest == test), c => c.CreatedAt, c => c.Id).ToListAsync(ct);
        var responses = new Dictionary<Guid, CampaignResponse>();
        foreach (var campaign in rows)
        {
            responses[campaign.Id] = await ResponseAsync(db, campaign, ct);
        }

        return TypedResults.Ok(page.ToPage(rows, c => c.CreatedAt, c => c.Id, c => responses[c.Id]));
    }

    private static async Task<Results<Ok<IReadOnlyList<CampaignEventResponse>>, ProblemHttpResult>> Events(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, http, id, ct) is null)
        {
            return Problems.NotFound("campaign", id);
        }

        var events = await db.CampaignEvents.AsNoTracking().Where(e => e.CampaignId == id).OrderBy(e => e.Id)
            .Select(e => new CampaignEventResponse("campaign_event", e.FromState, e.ToState, e.Note, e.CreatedAt)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<CampaignEventResponse>>(events);
    }

    private static Results<FileContentHttpResult, ValidationProblem> Template(string? kind) =>
        kind is null || WireNames.TryParse<CampaignKind>(kind, out _)
            ? TypedResults.File(Encoding.UTF8.GetBytes(CampaignFile.Template(kind is null ? CampaignKind.OneLetter : WireNames.Parse<CampaignKind>(kind))), "text/csv; charset=utf-8", "letters-campaign-template.csv")
            : Problems.Invalid("kind", "'kind' must be one_letter or personal.");
}
