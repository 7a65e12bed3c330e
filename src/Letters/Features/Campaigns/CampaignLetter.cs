using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Campaigns;

/// <summary>
/// A one-letter campaign follows its letter: the first row's order is written once with merge fields, reviewed
/// once, and the campaign moves as that order moves (submitted → in review, changes asked → writing, approved →
/// rendering, cancelled → cancelled). Run by <see cref="Orders.OrderTransitionEffects"/> in the save that records the
/// order's move, whichever path moved it, so the two never disagree.
/// </summary>
public static class CampaignLetter
{
    /// <summary>The moves of its letter a campaign follows; an order's other moves leave its campaign as it is.</summary>
    public static bool Follows(OrderStatus status) =>
        status is OrderStatus.InReview or OrderStatus.ChangesRequested or OrderStatus.Approved or OrderStatus.Cancelled or OrderStatus.Failed;

    public static async Task FollowAsync(LettersDbContext db, Guid orderId, Guid campaignId, OrderStatus status, DateTimeOffset now, CancellationToken ct)
    {
        var campaign = await db.Campaigns.FromTable($"WHERE id = {campaignId} FOR UPDATE").SingleAsync(ct);
        if (campaign.LetterOrderId != orderId)
        {
            return;
        }

        if (!Follows(status))
        {
            return;
        }

        var (move, note) = status switch
        {
            OrderStatus.InReview => (Campaign.LetterSubmitted, "The campaign letter was submitted for review."),
            OrderStatus.ChangesRequested => (Campaign.LetterSentBack, "Review asked for changes to the campaign letter."),
            OrderStatus.Approved => (Campaign.LetterApproved, $"The campaign letter was approved: rendering it for {campaign.OrdersCreated:N0} recipients."),
            OrderStatus.Cancelled => (Campaign.Cancel, "The campaign letter was cancelled."),
            OrderStatus.Failed => (Campaign.Cancel, "The campaign letter could not be drawn; see its timeline."),
            _ => (null, null),
        };
        if (move is null || !move.AppliesTo(campaign.State))
        {
            return;
        }

        var to = move.To;
        if (to == CampaignState.Rendering)
        {
            // The letter's own final was rendered on approval.
            campaign.LettersRendered = 1;
        }

        if (to == CampaignState.Cancelled)
        {
            // Its recipients' letters were waiting for this one: without it they are never written.
            var stopped = await CampaignActions.CancelLettersAsync(db, campaign, Actor.System, now, ct, except: orderId, why: $"{note} The campaign \"{campaign.Name}\" stopped with it.");
            note = stopped == 0 ? note : $"{note} {stopped:N0} letters stopped.";
        }

        db.CampaignEvents.Add(campaign.MoveTo(move, now, note));
    }

    /// <summary>
    /// Every recipient's merge fields, when the campaign letter's one-line parts (salutation, closing, signature) name
    /// any: each recipient's letter is drawn with their own, so each must fit. Null when the order is no campaign
    /// letter or those parts name no field (then the letter reads the same for all).
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, string>?>?> MergesAsync(LettersDbContext db, Order order, Draft draft, CancellationToken ct)
    {
        if (order.CampaignId is not { } campaignId || !MergeFields.HasFields($"{draft.Salutation}\n{draft.Closing}\n{draft.Signature}"))
        {
            return null;
        }

        var merges = await db.Orders.AsNoTracking().Where(o => o.CampaignId == campaignId && o.MergeFields != null).Select(o => o.MergeFields!).ToListAsync(ct);
        return merges.Count == 0 ? null : [.. merges];
    }

    /// <summary>Fields the draft names that no row has; a campaign letter with one is not ready for review.</summary>
    public static async Task<IReadOnlyList<string>> UnknownFieldsAsync(LettersDbContext db, Order order, Draft draft, CancellationToken ct)
    {
        if (order.CampaignId is not { } campaignId)
        {
            return [];
        }

        var custom = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.CustomFields).SingleAsync(ct);
        return MergeFields.Unknown(draft.FullText, MergeFields.Standard.Concat(custom.Select(c => CampaignFile.CustomPrefix + c)));
    }
}
