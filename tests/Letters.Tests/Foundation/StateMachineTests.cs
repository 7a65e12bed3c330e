using System.Text.RegularExpressions;
using Letters.Domain;
using Letters.Tests.Infrastructure;

namespace Letters.Tests.Foundation;

/// <summary>
/// Orders, campaigns and books share one state-machine type; each move is declared once, and hand-written SQL spells
/// states only through it.
/// </summary>
public sealed partial class StateMachineTests
{
    public static TheoryData<string, CampaignState, CampaignState, bool> CampaignMoves()
    {
        var data = new TheoryData<string, CampaignState, CampaignState, bool>();
        foreach (var transition in Campaign.Machine.All)
        {
            foreach (var from in Enum.GetValues<CampaignState>())
            {
                data.Add(transition.Name, from, transition.To, transition.AppliesTo(from));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CampaignMoves))]
    public void A_campaign_moves_only_where_its_machine_allows_and_records_each_move(string name, CampaignState from, CampaignState to, bool legal)
    {
        var transition = Campaign.Machine.All.Single(t => t.Name == name);
        var campaign = In<Campaign, CampaignState>(from);

        if (legal)
        {
            var recorded = campaign.MoveTo(transition, DateTimeOffset.UnixEpoch, "why");
            Assert.Equal((from, to, to), (recorded.FromState!.Value, recorded.ToState, campaign.State));
        }
        else
        {
            var error = Assert.Throws<IllegalTransitionException>(() => campaign.MoveTo(transition, DateTimeOffset.UnixEpoch));
            Assert.Equal(from, campaign.State);
            Assert.Contains($"campaign cannot move from {WireNames.Of(from)}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_campaign_is_cancellable_until_it_renders_and_done_and_cancelled_are_its_ends()
    {
        Assert.Equal([CampaignState.Done, CampaignState.Cancelled], Campaign.Machine.Terminal.Order());
        Assert.False(Campaign.Cancel.AppliesTo(CampaignState.Rendering));
        Assert.All(Campaign.Working, s => Assert.False(Campaign.Machine.IsTerminal(s)));
    }

    [Theory]
    [InlineData(BookState.Queued, BookState.Building, true)]
    [InlineData(BookState.Building, BookState.Done, true)]
    [InlineData(BookState.Building, BookState.Failed, true)]
    [InlineData(BookState.Queued, BookState.Done, false)]
    [InlineData(BookState.Done, BookState.Building, false)]
    [InlineData(BookState.Failed, BookState.Building, false)]
    public void A_book_moves_only_where_its_machine_allows(BookState from, BookState to, bool legal)
    {
        Assert.Equal(legal, Book.Machine.CanMove(from, to));
        foreach (var transition in Book.Machine.All.Where(t => t.To == to))
        {
            var book = In<Book, BookState>(from);
            if (legal)
            {
                Assert.Equal(to, book.MoveTo(transition, DateTimeOffset.UnixEpoch).ToState);
            }
            else
            {
                Assert.Throws<IllegalTransitionException>(() => book.MoveTo(transition, DateTimeOffset.UnixEpoch));
                Assert.Equal(from, book.State);
            }
        }
    }

    [Fact]
    public void Open_letters_and_written_ones_are_apart_and_only_stopped_letters_are_neither()
    {
        var neither = Enum.GetValues<OrderStatus>().Except(Order.WrittenStatuses).Except(Order.Open).Order();

        Assert.Empty(Order.WrittenStatuses.Intersect(Order.Open));
        Assert.Equal([OrderStatus.Cancelled, OrderStatus.Failed], neither);
        Assert.All(neither, s => Assert.True(OrderStateMachine.IsTerminal(s)));
        Assert.Equal([OrderStatus.InReview], Order.Open.Except(Order.Unwritten));
        Assert.Equal("'approved', 'delivered'", Order.WrittenSql);
    }

    /// <summary>
    /// No SQL in the app types a state: each is spelled by <see cref="StateSql"/> from the enum (or passed as a
    /// parameter), so renaming a state, or adding one, cannot leave a query or an index filter behind.
    /// </summary>
    [Fact]
    public void No_hand_written_sql_spells_a_state_itself()
    {
        var names = new[] { typeof(OrderStatus), typeof(CampaignState), typeof(BookState), typeof(WebhookDeliveryState) }
            .SelectMany(t => Enum.GetNames(t)).Select(WireNames.Of).Distinct().ToList();
        var literal = new Regex($"'({string.Join("|", names)})'");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Repository.PathTo("src", "Letters"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                if (!Comment().IsMatch(line) && literal.IsMatch(line))
                {
                    offenders.Add($"{Path.GetFileName(file)}:{number}: {line.Trim()}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    /// <summary>A bare entity in a given state: the machine needs nothing else, and the state has no public setter.</summary>
    private static T In<T, TState>(TState state) where T : class
    {
        var entity = (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));
        typeof(T).GetProperty("State")!.SetValue(entity, state);
        return entity;
    }

    [GeneratedRegex(@"^\s*//")]
    private static partial Regex Comment();
}
