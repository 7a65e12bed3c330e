namespace Letters.Domain;

/// <summary>
/// One line of an order's timeline. Every status change writes one, in the same transaction as the change;
/// some events (autosave excluded) record work that does not change the status, such as a lease extension.
/// </summary>
public sealed class OrderEvent
{
    public long Id { get; set; }
    public Guid OrderId { get; set; }

    /// <summary>What happened, in the client's words: received, queued, claimed, draft_submitted …</summary>
    public required string Type { get; set; }

    public OrderStatus? FromStatus { get; set; }
    public OrderStatus? ToStatus { get; set; }
    public ActorKind ActorKind { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The event's place in its client's feed (<c>GET /v1/events</c>) and in webhooks: given by the webhook relay
    /// shortly after the event commits, in the order the relay sees commits; null until then.
    /// </summary>
    public long? Sequence { get; set; }

    /// <summary>
    /// The event for a transition made in SQL, which returns the status it moved from as stored. A status the
    /// machine does not know is a bug, not a value to guess.
    /// </summary>
    public static OrderEvent Recorded(Transition<OrderStatus> transition, Guid orderId, string fromStatus, Actor actor, string? note, DateTimeOffset at)
    {
        var from = OrderStatusNames.Parse(fromStatus);
        OrderStateMachine.Machine.Check(from, transition);

        return new OrderEvent
        {
            OrderId = orderId, Type = transition.Name, FromStatus = from, ToStatus = transition.To,
            ActorKind = actor.Kind, ActorId = actor.Id, ActorName = actor.Name, Note = note, CreatedAt = at,
        };
    }
}
