using Letters.Data;
using Letters.Domain;
using Letters.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Campaigns;

/// <summary>
/// A campaign's state changes as webhooks (<c>campaign.ready</c>, <c>campaign.done</c> …). The event row is the
/// outbox, as for orders: the webhook relay, under its lock and in its transaction, marks the new rows relayed and
/// makes one message each (<c>cev_{id}</c>) with a delivery to every endpoint of the client's mode that wants it.
/// They are not numbered in the order feed (<c>GET /v1/events</c>); <c>GET /v1/campaigns/{id}/events</c> lists them.
/// </summary>
public static class CampaignWebhooks
{
    public static readonly IReadOnlyList<string> Types =
        [.. Enum.GetValues<CampaignState>().Select(TypeOf)];

    /// <summary>The created state is <c>campaign.created</c>; every other is <c>campaign.{state}</c>.</summary>
    public static string TypeOf(CampaignState state) => state == CampaignState.AwaitingFile ? "campaign.created" : $"campaign.{WireNames.Of(state)}";

    public sealed record CampaignData(CampaignResponse Campaign);

    public const string TakeSql = """
        UPDATE campaign_events SET relayed = true
        WHERE id IN (SELECT id FROM campaign_events WHERE NOT relayed ORDER BY id LIMIT {0} FOR UPDATE SKIP LOCKED)
        RETURNING id AS "Value"
        """;

    /// <summary>Relays up to <paramref name="batch"/> campaign events in the caller's transaction; returns how many.</summary>
    public static async Task<int> RelayAsync(LettersDbContext db, DateTimeOffset now, int batch, CancellationToken ct)
    {
        var ids = await db.Database.SqlQueryRaw<long>(TakeSql, batch).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }

        var events = await db.CampaignEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync(ct);
        var campaignIds = events.Select(e => e.CampaignId).Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var outbox = await WebhookOutbox.ForAsync(db, campaigns.Values.Select(c => c.ClientId), ct);
        foreach (var e in events)
        {
            var campaign = campaigns[e.CampaignId];
            var type = TypeOf(e.ToState);
            await outbox.PostAsync(db, campaign.ClientId, campaign.IsTest, type, async () =>
            {
                var id = $"cev_{e.Id}";
                var body = new WebhookEvents.ClientEvent(id, "event", type, WireNames.Mode(campaign.IsTest), null, null,
                    e.FromState is { } from ? WireNames.Of(from) : null, WireNames.Of(e.ToState), e.CreatedAt,
                    new CampaignData(await CampaignsApi.ResponseAsync(db, campaign, ct)));
                return new WebhookMessage { Id = id, ClientId = campaign.ClientId, IsTest = campaign.IsTest, Type = type, Body = WebhookEvents.Serialize(body), CreatedAt = now };
            }, now);
        }

        return ids.Count;
    }
}
