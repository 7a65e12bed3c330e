namespace Letters.Domain;

public enum CampaignKind
{
    /// <summary>One letter, written once with merge fields and reviewed once, rendered for every recipient.</summary>
    OneLetter,

    /// <summary>Every row carries its own brief and becomes an ordinary order through the queues.</summary>
    Personal,
}

/// <summary>Where a campaign stands. Allowed moves live in <see cref="Campaign.Machine"/>.</summary>
public enum CampaignState
{
    /// <summary>Created; no file yet.</summary>
    AwaitingFile,
    Validating,

    /// <summary>The file is checked: the report waits for the client to start (skipping invalid rows) or reject it.</summary>
    Ready,
    Importing,
    Writing,
    InReview,
    Rendering,
    Done,
    Failed,
    Cancelled,
}

/// <summary>
/// A batch of letters from one CSV: the settings every letter shares, the file, and how far it has got. The
/// worker moves it through its states (<see cref="MoveTo"/> is the one door, and writes the event row).
/// </summary>
public sealed class Campaign : ILetterSettingsOwner
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public bool IsTest { get; set; }
    public required string Name { get; set; }
    public CampaignKind Kind { get; set; }
    public CampaignState State { get; private set; }

    // What every letter shares (the brief only for one_letter: personal rows bring their own).
    public required string Occasion { get; set; }
    /// <summary>How the letter is written and looks (<see cref="LetterSettings"/>).</summary>
    public required LetterSettings Letter { get; set; }
    public string? Brief { get; set; }
    public DateOnly DeliverBy { get; set; }
    public ReturnAddress? ReturnAddress { get; set; }

    /// <summary>Test mode only: the autopilot writes the campaign's letters, so integrators see the whole lifecycle.</summary>
    public bool AutoDraft { get; set; }

    /// <summary>The file the rows come from (the latest accepted upload).</summary>
    public Guid? UploadId { get; set; }

    /// <summary>one_letter: the order whose draft is the campaign letter (the first row's own letter).</summary>
    public Guid? LetterOrderId { get; set; }

    public int RowsTotal { get; set; }
    public int RowsValid { get; set; }
    public int RowsInvalid { get; set; }
    public int RowsWithWarnings { get; set; }
    public int OrdersCreated { get; set; }
    public int LettersRendered { get; set; }
    public string? FailureReason { get; set; }

    /// <summary>
    /// Tries of the step the campaign waits on (reading its file, the next import batch), counted before each: a step
    /// that keeps failing fails its campaign after a few, and never holds up another campaign's.
    /// </summary>
    public int Attempts { get; set; }

    /// <summary>What is wrong with the file as a whole (its header, its encoding), beside the rows' own problems.</summary>
    public List<CampaignProblem> FileProblems { get; set; } = [];

    /// <summary>The file's <c>custom.*</c> columns: the merge fields the campaign letter may use beside the standard ones.</summary>
    public List<string> CustomFields { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }

    public static readonly Transition<CampaignState> ReceiveFile = new("file_received", CampaignState.Validating, CampaignState.AwaitingFile, CampaignState.Ready, CampaignState.Failed);
    public static readonly Transition<CampaignState> Validated = new("validated", CampaignState.Ready, CampaignState.Validating);
    public static readonly Transition<CampaignState> Start = new("started", CampaignState.Importing, CampaignState.Ready);
    public static readonly Transition<CampaignState> Imported = new("imported", CampaignState.Writing, CampaignState.Importing);
    public static readonly Transition<CampaignState> Fail = new("failed", CampaignState.Failed, CampaignState.Validating, CampaignState.Importing);

    /// <summary>A one-letter campaign follows its letter through review (<c>CampaignLetter</c>).</summary>
    public static readonly Transition<CampaignState> LetterSubmitted = new("letter_submitted", CampaignState.InReview, CampaignState.Writing);
    public static readonly Transition<CampaignState> LetterSentBack = new("letter_sent_back", CampaignState.Writing, CampaignState.InReview);
    public static readonly Transition<CampaignState> LetterApproved = new("letter_approved", CampaignState.Rendering, CampaignState.InReview);

    /// <summary>Every letter written (personal), or every recipient's letter rendered (one letter).</summary>
    public static readonly Transition<CampaignState> Finish = new("finished", CampaignState.Done, CampaignState.Writing, CampaignState.Rendering);

    /// <summary>Before rendering the client may still call it off; rendered letters are never taken back.</summary>
    public static readonly Transition<CampaignState> Cancel = new("cancelled", CampaignState.Cancelled,
        CampaignState.AwaitingFile, CampaignState.Validating, CampaignState.Ready, CampaignState.Importing, CampaignState.Writing, CampaignState.InReview, CampaignState.Failed);

    public static readonly StateMachine<CampaignState> Machine = new("campaign",
        [ReceiveFile, Validated, Start, Imported, Fail, LetterSubmitted, LetterSentBack, LetterApproved, Finish, Cancel]);

    /// <summary>The states in which the worker still has something to do (its partial index says the same).</summary>
    public static readonly IReadOnlyList<CampaignState> Working = [CampaignState.Validating, CampaignState.Importing, CampaignState.Writing, CampaignState.Rendering];

    public static bool CanMove(CampaignState from, CampaignState to) => Machine.CanMove(from, to);

    public bool CanCancel => Cancel.AppliesTo(State);

    /// <summary>Moves the campaign and returns the event row that records it; the caller saves both together.</summary>
    public CampaignEvent MoveTo(Transition<CampaignState> transition, DateTimeOffset at, string? note = null)
    {
        Machine.Check(State, transition);
        var from = State;
        State = transition.To;
        UpdatedAt = at;
        return new CampaignEvent { CampaignId = Id, FromState = from, ToState = transition.To, Note = note, CreatedAt = at };
    }

    /// <summary>The first line of its history.</summary>
    public CampaignEvent Created(DateTimeOffset at) => new() { CampaignId = Id, FromState = null, ToState = State, Note = "Campaign created.", CreatedAt = at };
}

/// <summary>A state change of a campaign: its history, and what webhooks tell.</summary>
public sealed class CampaignEvent
{
    public long Id { get; set; }
    public Guid CampaignId { get; set; }
    public CampaignState? FromState { get; set; }
    public CampaignState ToState { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Taken by the webhook relay (which makes its messages in the same transaction).</summary>
    public bool Relayed { get; set; }
}

/// <summary>An uploaded CSV, kept whole in the document store so any instance can validate it; known by its sha256.</summary>
public sealed class CampaignUpload
{
    public Guid Id { get; set; }
    public Guid CampaignId { get; set; }
    public string? FileName { get; set; }
    public required string Sha256 { get; set; }
    public int SizeBytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One problem of one cell: an error makes the row invalid, a warning only asks to look.</summary>
public sealed record CampaignProblem(int Row, string Column, string? Value, string Message, bool Warning = false);

/// <summary>A row of the campaign's file as it was read, with what is wrong with it, and the order it became.</summary>
public sealed class CampaignRow
{
    public Guid CampaignId { get; set; }

    /// <summary>The line's number as a spreadsheet shows it: the header is row 1, the first recipient row 2.</summary>
    public int RowNumber { get; set; }
    public bool Valid { get; set; }

    /// <summary>Errors or warnings: the rows the report lists.</summary>
    public bool HasProblems { get; set; }
    public string? Name { get; set; }
    public string? FirstName { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
    public string? Relationship { get; set; }
    public string? Brief { get; set; }

    /// <summary>The <c>custom.*</c> columns, for merge fields (<c>{{custom.gift}}</c>).</summary>
    public Dictionary<string, string> Custom { get; set; } = [];
    public List<CampaignProblem> Problems { get; set; } = [];

    /// <summary>The order this row became; set in the same transaction that created it, so a row becomes one order.</summary>
    public Guid? OrderId { get; set; }
}
