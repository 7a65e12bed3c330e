using FluentValidation;
using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Campaigns;

/// <summary>
/// Start a validated campaign, or call it off. Start says what to do with invalid rows: <c>skip_invalid</c> makes
/// the valid rows into orders; <c>reject_all</c> starts only a file without errors, and otherwise creates nothing
/// (409) and leaves the campaign ready for a corrected file. Cancelling stops every letter not yet rendered;
/// rendered letters stay.
/// </summary>
public static class CampaignActions
{
    public sealed record StartRequest(string? OnInvalid);

    public sealed class StartValidator : RequestValidator<StartRequest>
    {
        public StartValidator() =>
            RuleFor(r => r.OnInvalid).NotEmpty().Must(o => o is "skip_invalid" or "reject_all")
                .WithMessage("'on_invalid' must be skip_invalid (create the valid rows' letters) or reject_all (start only if every row is valid).");
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/start", Start).WithSummary("Start a ready campaign: its valid rows become orders, in the background");
        group.MapPost("/{id:guid}/cancel", Cancel).WithSummary("Call a campaign off before rendering; its unwritten letters are cancelled");
    }

    internal static async Task<Results<Accepted<CampaignResponse>, ValidationProblem, ProblemHttpResult>> Start(
        Guid id, StartRequest request, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await CampaignsApi.LockAsync(db, http, id, ct) is not { } campaign)
        {
            return Problems.NotFound("campaign", id);
        }

        if (campaign.State != CampaignState.Ready)
        {
            return Problems.Conflict("The campaign is not ready to start.", campaign.State switch
            {
                CampaignState.AwaitingFile => "Send its file first (PUT /v1/campaigns/{id}/file).",
                CampaignState.Validating => "Its file is still being checked; start it when the campaign is ready.",
                CampaignState.Failed => $"Its file could not be read: {campaign.FailureReason} Send a corrected file.",
                _ => $"It is {WireNames.Of(campaign.State)} already.",
            });
        }

        if (campaign.RowsValid == 0)
        {
            return Problems.Conflict("No row is valid.", $"All {campaign.RowsInvalid:N0} rows have errors: nothing would be sent. See the report, and send a corrected file.");
        }

        if (request.OnInvalid == "reject_all" && campaign.RowsInvalid > 0)
        {
            return Problems.Conflict("The file has invalid rows.",
                $"{campaign.RowsInvalid:N0} of {campaign.RowsTotal:N0} rows have errors, and reject_all starts only a file without any: nothing was created. "
                + "See the report (GET /v1/campaigns/{id}/report.csv), then send a corrected file, or start with skip_invalid.");
        }

        db.CampaignEvents.Add(campaign.MoveTo(Campaign.Start, now,
            campaign.RowsInvalid > 0 ? $"Started: {campaign.RowsValid:N0} rows, {campaign.RowsInvalid:N0} invalid rows skipped." : $"Started: {campaign.RowsValid:N0} rows."));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Accepted($"/v1/campaigns/{id}", await CampaignsApi.ResponseAsync(db, campaign, ct));
    }

    internal static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> Cancel(Guid id, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await CampaignsApi.LockAsync(db, http, id, ct) is not { } campaign)
        {
            return Problems.NotFound("campaign", id);
        }

        if (!campaign.CanCancel)
        {
            return Problems.Conflict("The campaign cannot be cancelled now.", campaign.State == CampaignState.Cancelled
                ? "It is cancelled already."
                : $"It is {WireNames.Of(campaign.State)}: once rendering has begun its letters are made, and rendered letters stay.");
        }

        var stopped = await CancelLettersAsync(db, campaign, new Actor(ActorKind.Client, campaign.ClientId, "client"), now, ct);
        db.CampaignEvents.Add(campaign.MoveTo(Campaign.Cancel, now, stopped == 0 ? "Cancelled by the client." : $"Cancelled by the client: {stopped:N0} letters stopped."));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await CampaignsApi.ResponseAsync(db, campaign, ct));
    }

    /// <summary>
    /// Cancels the campaign's letters that are not written yet. A one-letter campaign stops its letter wherever it
    /// is (no recipient's letter exists until it is approved); a personal campaign stops the letters no writer has
    /// taken, and those a writer is writing are finished, as a client's own cancel would leave them.
    /// </summary>
    /// <param name="except">The campaign letter when it is the one that stopped (it has moved already).</param>
    internal static async Task<int> CancelLettersAsync(LettersDbContext db, Campaign campaign, Actor client, DateTimeOffset now, CancellationToken ct, Guid? except = null, string? why = null)
    {
        var transition = campaign.Kind == CampaignKind.OneLetter ? OrderStateMachine.CancelWithCampaign : OrderStateMachine.CancelByClient;
        var statuses = transition.From.ToList();
        var orders = await db.Orders.FromTable($"WHERE campaign_id = {campaign.Id} FOR UPDATE")
            .Where(o => statuses.Contains(o.Status) && o.Id != except).ToListAsync(ct);
        foreach (var order in orders)
        {
            order.LeaseUntil = null;
            db.OrderEvents.Add(order.Apply(transition, client, now, why ?? $"The campaign \"{campaign.Name}\" was cancelled."));
        }

        return orders.Count;
    }
}
