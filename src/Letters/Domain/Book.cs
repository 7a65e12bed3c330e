using Letters.Handwriting.Books;

namespace Letters.Domain;

/// <summary>Where a book stands. Allowed moves live in <see cref="Book.Machine"/>.</summary>
public enum BookState
{
    /// <summary>Asked for; waits for a builder.</summary>
    Queued,
    Building,
    Done,
    Failed,
}

/// <summary>
/// A book of a client's letters: to one recipient or to everyone, over a span of dates, bound as a print-on-demand
/// interior. Built in the background (<see cref="BookState"/>); <see cref="MoveTo"/> is the one door for its state,
/// and writes the event row.
/// </summary>
public sealed class Book
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public bool IsTest { get; set; }

    /// <summary>The letters to this recipient; null for every letter of the client.</summary>
    public Guid? RecipientId { get; set; }

    /// <summary>The first and last delivery dates taken, inclusive; null for no limit.</summary>
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public required string Title { get; set; }
    public string? Dedication { get; set; }
    public BookTrim Trim { get; set; }
    public BookState State { get; private set; }

    public int LettersTotal { get; set; }

    /// <summary>Letters laid into the book so far while it is built: the progress the client sees.</summary>
    public int LettersPlaced { get; set; }
    public int? PageCount { get; set; }
    public double? GutterInches { get; set; }

    /// <summary>What the contents page says: each letter and the page it begins on.</summary>
    public List<BookEntry> Contents { get; set; } = [];
    public string? FailureReason { get; set; }

    /// <summary>Builds begun: a builder that dies leaves its lease to run out, and another takes the book again.</summary>
    public int Attempts { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public uint Version { get; set; }

    /// <summary>A builder takes it; one that takes it back after a lease ran out keeps it building.</summary>
    public static readonly Transition<BookState> Build = new("building", BookState.Building, BookState.Queued);
    public static readonly Transition<BookState> Finish = new("done", BookState.Done, BookState.Building);
    public static readonly Transition<BookState> Fail = new("failed", BookState.Failed, BookState.Building);

    public static readonly StateMachine<BookState> Machine = new("book", [Build, Finish, Fail]);

    /// <summary>The states a builder may take a book in (its partial index says the same).</summary>
    public static readonly IReadOnlyList<BookState> Unbuilt = [BookState.Queued, BookState.Building];

    /// <summary>Moves the book and returns the event row that records it; the caller saves both together.</summary>
    public BookEvent MoveTo(Transition<BookState> transition, DateTimeOffset at, string? note = null)
    {
        Machine.Check(State, transition);
        var from = State;
        State = transition.To;
        UpdatedAt = at;
        return new BookEvent { BookId = Id, FromState = from, ToState = transition.To, Note = note, CreatedAt = at };
    }

    /// <summary>The first line of its history.</summary>
    public BookEvent Created(DateTimeOffset at) => new() { BookId = Id, FromState = null, ToState = State, Note = "Book asked for.", CreatedAt = at };
}

/// <summary>A line of a book's contents: the letter and where it begins.</summary>
public sealed record BookEntry(Guid OrderId, DateOnly Date, string Occasion, string? Place, int Page, int Pages);

/// <summary>A state change of a book: its history.</summary>
public sealed class BookEvent
{
    public long Id { get; set; }
    public Guid BookId { get; set; }
    public BookState? FromState { get; set; }
    public BookState ToState { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The finished interior, kept apart from the book so listing books never reads megabytes.</summary>
public sealed class BookFile
{
    public Guid BookId { get; set; }
    public required string Sha256 { get; set; }
    public int SizeBytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
