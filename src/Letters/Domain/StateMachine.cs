using System.Collections.Frozen;

namespace Letters.Domain;

/// <summary>
/// One legal move of a <typeparamref name="TState"/>: from any of <see cref="From"/> to <see cref="To"/>, recorded as
/// an event named <see cref="Name"/>. Hand-written SQL takes its state lists from here (<see cref="FromSql"/>,
/// <see cref="ToSql"/>), so a move is declared once for C# and SQL alike.
/// </summary>
public sealed class Transition<TState> where TState : struct, Enum
{
    public Transition(string name, TState to, params TState[] from)
    {
        Name = name;
        To = to;
        From = from.ToFrozenSet();
        FromSql = StateSql.In(from);
    }

    /// <summary>What the move is called: the order event's type, or the campaign's or book's move.</summary>
    public string Name { get; }
    public FrozenSet<TState> From { get; }
    public TState To { get; }

    /// <summary>The from-states as the inside of a SQL <c>IN (…)</c>: <c>'claimed', 'changes_requested'</c>.</summary>
    public string FromSql { get; }

    /// <summary>The to-state as a SQL literal.</summary>
    public string ToSql => StateSql.Of(To);

    /// <summary>The name as a SQL literal.</summary>
    public string NameSql => $"'{Name}'";

    public bool AppliesTo(TState state) => From.Contains(state);

    public override string ToString() => $"{Name}: {string.Join("|", From.Select(WireNames.Of))} → {WireNames.Of(To)}";
}

/// <summary>
/// The one shape of a lifecycle: orders, campaigns and books each declare their transitions once and read every
/// question (may it move, where to, is it over) from here.
/// </summary>
public sealed class StateMachine<TState> where TState : struct, Enum
{
    private readonly FrozenDictionary<TState, FrozenSet<TState>> allowed;

    public StateMachine(string what, IEnumerable<Transition<TState>> transitions)
    {
        What = what;
        All = [.. transitions];
        allowed = Enum.GetValues<TState>().ToFrozenDictionary(from => from, from => All.Where(t => t.AppliesTo(from)).Select(t => t.To).ToFrozenSet());
    }

    /// <summary>The thing that moves, for messages: "order", "campaign", "book".</summary>
    public string What { get; }

    public IReadOnlyList<Transition<TState>> All { get; }

    public bool CanMove(TState from, TState to) => allowed[from].Contains(to);

    public IReadOnlySet<TState> NextFrom(TState from) => allowed[from];

    public bool IsTerminal(TState state) => allowed[state].Count == 0;

    /// <summary>The states from which nothing leads on, as the inside of a SQL <c>IN (…)</c>.</summary>
    public IEnumerable<TState> Terminal => Enum.GetValues<TState>().Where(IsTerminal);

    /// <summary>Throws unless <paramref name="transition"/> may move something in <paramref name="from"/>.</summary>
    public void Check(TState from, Transition<TState> transition)
    {
        if (!transition.AppliesTo(from))
        {
            throw new IllegalTransitionException($"A {What} cannot move from {WireNames.Of(from)} to {WireNames.Of(transition.To)} ({transition.Name}).");
        }
    }
}

/// <summary>States as SQL literals, spelled as the database stores them; hand-written SQL never types a state.</summary>
public static class StateSql
{
    public static string Of<TState>(TState state) where TState : struct, Enum => $"'{WireNames.Of(state)}'";

    public static string In<TState>(params IEnumerable<TState> states) where TState : struct, Enum => string.Join(", ", states.Select(Of));
}

public sealed class IllegalTransitionException(string message) : InvalidOperationException(message);
