using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Campaigns;

/// <summary>
/// A transition's after-effects run wherever the transition is saved: here every order transition is recorded the
/// way hand-written SQL records one (an event row from <see cref="OrderEvent.Recorded"/>, the order never loaded), and
/// the one-letter campaign whose letter moved follows it, or stays put, as the table says.
/// </summary>
public sealed class TransitionEffectTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each order transition: the campaign's state before, and after the letter's move is saved.</summary>
    public static TheoryData<int, string, CampaignState, CampaignState> Table()
    {
        var data = new TheoryData<int, string, CampaignState, CampaignState>();
        foreach (var (t, i) in OrderStateMachine.All.Select((t, i) => (t, i)))
        {
            var (before, after) = t.To switch
            {
                OrderStatus.InReview => (CampaignState.Writing, CampaignState.InReview),
                OrderStatus.ChangesRequested => (CampaignState.InReview, CampaignState.Writing),
                OrderStatus.Approved => (CampaignState.InReview, CampaignState.Rendering),
                OrderStatus.Cancelled or OrderStatus.Failed => (CampaignState.Writing, CampaignState.Cancelled),
                _ => (CampaignState.Writing, CampaignState.Writing),
            };
            data.Add(i, t.ToString(), before, after);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task A_campaign_follows_its_letter_whichever_path_records_the_move(int index, string transition, CampaignState before, CampaignState after)
    {
        var move = OrderStateMachine.All[index];
        Assert.Equal(transition, move.ToString());
        var from = move.From.Order().First();
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter");
        await client.UploadAndStartAsync(fixture.App, campaign, CampaignSteps.Csv([CampaignSteps.Row(1, name: "Anna Lind"), CampaignSteps.Row(2, name: "Emma Berg")]));

        var letter = (await client.CampaignAsync(campaign)).GetProperty("letter_order_id").GetGuid();
        var writer = await Writers.CreateAsync(fixture.App);
        var now = fixture.Clock.GetUtcNow();
        await using (var setup = fixture.App.NewDbContext())
        {
            var held = OrderStateMachine.IsHeld(from);
            await setup.Orders.Where(o => o.Id == letter).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, from)
                .SetProperty(o => o.ClaimedBy, held ? writer : null)
                .SetProperty(o => o.LeaseUntil, held ? now.AddHours(1) : null), Ct);
            await setup.Database.ExecuteSqlAsync($"UPDATE campaigns SET state = {WireNames.Of(before)} WHERE id = {campaign}", Ct);
        }

        await using (var db = fixture.App.NewDbContext())
        {
            db.OrderEvents.Add(OrderEvent.Recorded(move, letter, WireNames.Of(from), Actor.System, "by SQL", now));
            await db.SaveChangesAsync(Ct);
        }

        await using var read = fixture.App.NewDbContext();
        var state = await read.Campaigns.Where(c => c.Id == campaign).Select(c => c.State).SingleAsync(Ct);
        Assert.Equal(after, state);
        var history = await read.CampaignEvents.Where(e => e.CampaignId == campaign && e.ToState == after).CountAsync(Ct);
        Assert.True(after == before || history >= 1, "a campaign that moved records the move");
    }
}
