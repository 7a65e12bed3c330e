namespace Letters.Infrastructure;

public static class ApiPolicies
{
    /// <summary>Authenticated with an API key: the ordering API.</summary>
    public const string Client = "client";
}
