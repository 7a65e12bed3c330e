namespace Letters.Domain;

/// <summary>Where a writer's hand stands. Allowed moves live in <see cref="Hand.Machine"/>.</summary>
public enum HandState
{
    /// <summary>Being written on the capture page; nothing uses it.</summary>
    Capturing,

    /// <summary>Sent for review with the writer's consent: an admin looks at a page written in it.</summary>
    Submitted,

    /// <summary>On the shelf: letters the writer writes are written in it (unless the client chose a style).</summary>
    Approved,

    /// <summary>The writer withdrew their consent: off the shelf, never used again until they consent anew.</summary>
    Withdrawn,
}

/// <summary>
/// A writer's own hand: the boxes of the capture sheet they have written (<see cref="HandSample"/>), their consent, and
/// an admin's approval. Approved, it is the style <c>hand:{slug}</c>. <see cref="MoveTo"/> is the one door for its state,
/// and writes the event row. A demo hand is generated for the demo writers and replaced when they capture their own.
/// </summary>
public sealed class Hand
{
    public const int SlugLength = 32;

    public Guid Id { get; set; }

    /// <summary>The writer whose hand it is; or, for the premium a client buys, <see cref="ClientId"/>: exactly one of the two.</summary>
    public Guid? WriterId { get; set; }

    /// <summary>
    /// The client whose own hand it is: their letters may be written in it, and only theirs. It is never listed in the
    /// catalogue; the client names it on their orders.
    /// </summary>
    public Guid? ClientId { get; set; }

    /// <summary>The style's id after <c>hand:</c>, from the writer's name (margaret, tomas-2).</summary>
    public required string Slug { get; set; }

    /// <summary>As the catalogue shows it: "Margaret's hand".</summary>
    public required string Name { get; set; }
    public bool Demo { get; set; }
    public HandState State { get; private set; }

    /// <summary>When the writer agreed, on the capture page, to their hand being used for the letters they write.</summary>
    public DateTimeOffset? ConsentedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }

    public string StyleId => $"{Handwriting.Catalogue.HandPrefix}{Slug}";

    public static readonly Transition<HandState> Submit = new("submitted", HandState.Submitted, HandState.Capturing);
    public static readonly Transition<HandState> Approve = new("approved", HandState.Approved, HandState.Submitted);

    /// <summary>An admin sends it back to be written again (boxes redone); the writer's consent stands.</summary>
    public static readonly Transition<HandState> Return = new("returned", HandState.Capturing, HandState.Submitted, HandState.Approved);
    public static readonly Transition<HandState> Withdraw = new("withdrawn", HandState.Withdrawn, HandState.Capturing, HandState.Submitted, HandState.Approved);

    /// <summary>Consent given again after a withdrawal: the hand is written on, and reviewed again before use.</summary>
    public static readonly Transition<HandState> Resume = new("resumed", HandState.Capturing, HandState.Withdrawn);

    public static readonly StateMachine<HandState> Machine = new("hand", [Submit, Approve, Return, Withdraw, Resume]);

    /// <summary>Moves the hand and returns the event row that records it; the caller saves both together.</summary>
    public HandEvent MoveTo(Transition<HandState> transition, Actor actor, DateTimeOffset at, string? note = null)
    {
        Machine.Check(State, transition);
        var from = State;
        State = transition.To;
        UpdatedAt = at;
        return new HandEvent { HandId = Id, FromState = from, ToState = transition.To, Actor = actor.Name, Note = note, CreatedAt = at };
    }

    /// <summary>The first line of its history.</summary>
    public HandEvent Created(Actor actor, DateTimeOffset at, string note) => new() { HandId = Id, FromState = null, ToState = State, Actor = actor.Name, Note = note, CreatedAt = at };

    /// <summary>A demo hand starts approved (it is generated, not a person's, and labelled so).</summary>
    public static Hand NewDemo(Guid writerId, string slug, string name, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at), WriterId = writerId, Slug = slug, Name = name, Demo = true, State = HandState.Approved, ApprovedAt = at, ApprovedBy = "demo seed", CreatedAt = at, UpdatedAt = at,
    };
}

/// <summary>One box of the capture sheet as the writer wrote it: its traces as JSON (x, y, t, pressure, tilt per point).</summary>
public sealed class HandSample
{
    public Guid HandId { get; set; }
    public int Box { get; set; }
    public required string Prompt { get; set; }

    /// <summary><c>[[[x, y, t, pressure, tiltX, tiltY], …], …]</c>: traces of points, in x-heights and milliseconds.</summary>
    public required string Traces { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
}

/// <summary>A state change of a hand: its history.</summary>
public sealed class HandEvent
{
    public long Id { get; set; }
    public Guid HandId { get; set; }
    public HandState? FromState { get; set; }
    public HandState ToState { get; set; }
    public required string Actor { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
