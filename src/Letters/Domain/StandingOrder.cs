namespace Letters.Domain;

/// <summary>Where a 29 February letter goes in the three years out of four that have none.</summary>
public enum LeapDayRule
{
    February28,
    March1,
}

/// <summary>
/// A letter every year, by itself: to one recipient of the address book, for a yearly date in the recipient's
/// time zone, with a standing brief. Each year the scheduler places an ordinary order <see cref="LeadDays"/> before
/// the date, with the standing brief and that year's note (<see cref="StandingOrderYear"/>).
/// </summary>
public sealed class StandingOrder : ILetterSettingsOwner
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public bool IsTest { get; set; }
    public Guid RecipientId { get; set; }
    public Recipient? Recipient { get; set; }

    /// <summary>One of the order occasions (birthday, anniversary …).</summary>
    public required string Occasion { get; set; }

    /// <summary>What the date is called when the occasion does not say it ("our first date").</summary>
    public string? OccasionName { get; set; }
    public int Month { get; set; }
    public int Day { get; set; }

    /// <summary>The recipient's IANA time zone: the letter arrives by the date there.</summary>
    public required string TimeZone { get; set; }
    public LeapDayRule LeapDay { get; set; }

    /// <summary>Days before the date that the year's order is placed.</summary>
    public int LeadDays { get; set; }

    /// <summary>How the letter is written and looks (<see cref="LetterSettings"/>).</summary>
    public required LetterSettings Letter { get; set; }
    public required string Brief { get; set; }

    /// <summary>No year is placed while paused; resuming takes up the next year whose order is still due.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Why it was paused when the client did not pause it (the recipient left the address book).</summary>
    public string? PausedReason { get; set; }

    /// <summary>The first year considered: the standing order never writes for a date before it was made.</summary>
    public int FirstYear { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>One year of a standing order: the client's note for it, a skip, the reminder, and the order placed (once).</summary>
public sealed class StandingOrderYear
{
    public Guid StandingOrderId { get; set; }
    public int Year { get; set; }

    /// <summary>"What happened this year", added to the standing brief.</summary>
    public string? Note { get; set; }
    public bool Skipped { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }

    /// <summary>The year's order; unique with the year, so no scheduler run, however many, places two.</summary>
    public Guid? OrderId { get; set; }

    /// <summary>Set when the year's date came while the order could no longer arrive in time (a long pause, downtime).</summary>
    public DateTimeOffset? MissedAt { get; set; }

    /// <summary>Why the year was missed, in words the client reads.</summary>
    public string? MissedReason { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
