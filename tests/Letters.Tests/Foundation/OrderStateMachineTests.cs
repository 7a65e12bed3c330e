using Letters.Domain;

namespace Letters.Tests.Foundation;

public sealed class OrderStateMachineTests
{
    // Written out by hand on purpose: a change to the machine must be a change to this table too.
    private static readonly HashSet<(OrderStatus From, OrderStatus To)> Legal =
    [
        (OrderStatus.Received, OrderStatus.Queued),
        (OrderStatus.Received, OrderStatus.Cancelled),
        (OrderStatus.Received, OrderStatus.Approved),
        (OrderStatus.Received, OrderStatus.Failed),
        (OrderStatus.Queued, OrderStatus.Failed),
        (OrderStatus.Queued, OrderStatus.Claimed),
        (OrderStatus.Queued, OrderStatus.Cancelled),
        (OrderStatus.Claimed, OrderStatus.InReview),
        (OrderStatus.Claimed, OrderStatus.Queued),
        (OrderStatus.Claimed, OrderStatus.Cancelled),
        (OrderStatus.InReview, OrderStatus.Approved),
        (OrderStatus.InReview, OrderStatus.ChangesRequested),
        (OrderStatus.InReview, OrderStatus.Cancelled),
        (OrderStatus.ChangesRequested, OrderStatus.InReview),
        (OrderStatus.ChangesRequested, OrderStatus.Queued),
        (OrderStatus.ChangesRequested, OrderStatus.Cancelled),
        (OrderStatus.Approved, OrderStatus.Delivered),
        (OrderStatus.Delivered, OrderStatus.Claimed),
    ];

    public static TheoryData<OrderStatus, OrderStatus> IllegalPairs()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                if (!Legal.Contains((from, to)))
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    public static TheoryData<OrderStatus, OrderStatus> LegalPairs()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var (from, to) in Legal)
        {
            data.Add(from, to);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public void Illegal_transition_is_rejected_and_leaves_the_order_unchanged(OrderStatus from, OrderStatus to)
    {
        Assert.False(OrderStateMachine.CanMove(from, to));
        foreach (var transition in OrderStateMachine.All.Where(t => t.To == to))
        {
            var order = OrderIn(from);
            var error = Assert.Throws<IllegalTransitionException>(() => order.Apply(transition, Actor.System, DateTimeOffset.UnixEpoch));

            Assert.Equal(from, order.Status);
            Assert.Contains(from.ToWire(), error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(LegalPairs))]
    public void Legal_transition_moves_the_order_and_records_its_named_event(OrderStatus from, OrderStatus to)
    {
        var at = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var admin = new Actor(ActorKind.Admin, Guid.NewGuid(), "Ada Admin");
        var transitions = OrderStateMachine.All.Where(t => t.To == to && t.AppliesTo(from)).ToList();
        Assert.NotEmpty(transitions);

        foreach (var transition in transitions)
        {
            var order = OrderIn(from);
            var recorded = order.Apply(transition, admin, at, "because");

            Assert.Equal(to, order.Status);
            Assert.Equal(at, order.UpdatedAt);
            Assert.Equal((from, to), (recorded.FromStatus!.Value, recorded.ToStatus!.Value));
            Assert.Equal(transition.Name, recorded.Type);
            Assert.Equal((ActorKind.Admin, admin.Id, "Ada Admin"), (recorded.ActorKind, recorded.ActorId, recorded.ActorName));
            Assert.Equal(order.Id, recorded.OrderId);
        }
    }

    [Fact]
    public void Cancelled_and_failed_are_the_only_terminal_statuses()
    {
        var terminal = Enum.GetValues<OrderStatus>().Where(OrderStateMachine.IsTerminal);

        Assert.Equal([OrderStatus.Cancelled, OrderStatus.Failed], terminal);
    }

    [Fact]
    public void A_client_may_cancel_only_until_a_writer_takes_the_letter_and_an_admin_until_it_is_approved()
    {
        Assert.Equal([OrderStatus.Received, OrderStatus.Queued], OrderStateMachine.CancelByClient.From.Order());
        Assert.False(OrderStateMachine.CancelByAdmin.AppliesTo(OrderStatus.Approved));
        Assert.False(OrderStateMachine.CancelByAdmin.AppliesTo(OrderStatus.Delivered));
    }

    [Fact]
    public void Transitions_spell_their_sql_from_the_wire_names()
    {
        Assert.Equal("'claimed', 'changes_requested'", OrderStateMachine.Release.FromSql);
        Assert.Equal("'queued'", OrderStateMachine.Release.ToSql);
        Assert.Equal("'lease_expired'", OrderStateMachine.ExpireLease.NameSql);
    }

    [Fact]
    public void Every_status_has_a_wire_name_that_parses_back()
    {
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            Assert.True(OrderStatusNames.TryParse(status.ToWire(), out var parsed));
            Assert.Equal(status, parsed);
        }

        Assert.False(OrderStatusNames.TryParse("InReview", out _));
        Assert.Throws<FormatException>(() => OrderStatusNames.Parse("InReview"));
    }

    /// <summary>An order brought to a status the only way there is: by legal moves from received.</summary>
    private static Order OrderIn(OrderStatus status)
    {
        var order = new Order
        {
            Id = Guid.NewGuid(),
            Occasion = "anniversary",
            Brief = "Our fiftieth.",
            Letter = new()
            {
                Relationship = "wife of 50 years", Tone = "romantic", Length = "standard", Language = "en",
                Style = "caveat", Ink = "blue_black", Paper = "cream", PageSize = "a5",
            },
        };
        foreach (var step in PathTo(status))
        {
            order.Apply(step, Actor.System, DateTimeOffset.UnixEpoch);
        }

        Assert.Equal(status, order.Status);
        return order;
    }

    private static List<Transition<OrderStatus>> PathTo(OrderStatus target)
    {
        var paths = new Dictionary<OrderStatus, List<Transition<OrderStatus>>> { [OrderStatus.Received] = [] };
        var frontier = new Queue<OrderStatus>([OrderStatus.Received]);
        while (frontier.TryDequeue(out var at))
        {
            foreach (var transition in OrderStateMachine.All.Where(t => t.AppliesTo(at) && !paths.ContainsKey(t.To)))
            {
                paths[transition.To] = [.. paths[at], transition];
                frontier.Enqueue(transition.To);
            }
        }

        return paths[target];
    }
}
