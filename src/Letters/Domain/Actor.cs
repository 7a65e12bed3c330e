namespace Letters.Domain;

public enum ActorKind
{
    System,
    Client,
    Writer,
    Admin,
}

/// <summary>Who did something, as recorded on events.</summary>
public readonly record struct Actor(ActorKind Kind, Guid? Id, string Name)
{
    public static Actor System { get; } = new(ActorKind.System, null, "system");
}
