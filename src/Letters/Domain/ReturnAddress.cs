namespace Letters.Domain;

/// <summary>Where the letter comes from, as written on the envelope's top left (and in a window envelope's upper window).</summary>
public sealed record ReturnAddress(string Name, string AddressLine1, string? AddressLine2, string City, string? Region, string PostalCode, string Country);
