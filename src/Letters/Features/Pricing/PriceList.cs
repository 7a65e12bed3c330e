using Letters.Domain;
using Letters.Features.Orders;
using Letters.Handwriting;
using Microsoft.Extensions.Options;

namespace Letters.Features.Pricing;

/// <summary>
/// The price list, from configuration (<c>Letters:Prices</c>): a letter by its length, a rush surcharge, a surcharge by
/// paper, and the hand-addressed, stamped envelope. Amounts in the currency's minor units. Every price anywhere (an
/// order, a quote, the client app's form) is made by <see cref="PriceOf"/>; nothing else adds prices up.
/// </summary>
public sealed class PriceList
{
    public string Currency { get; set; } = "USD";

    public Dictionary<string, long> Lengths { get; set; } = [];

    public long Rush { get; set; }

    public Dictionary<string, long> Papers { get; set; } = [];

    public long Envelope { get; set; }

    /// <summary>A letter written in the client's own captured hand (<c>/app/hand</c>): the premium the peers sell.</summary>
    public long OwnHand { get; set; }

    /// <summary>How long a quote holds its price.</summary>
    public TimeSpan QuoteLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The list a new deployment starts with: about what handwritten-card services charge with postage.</summary>
    public static void Defaults(PriceList list)
    {
        list.Currency = "USD";
        list.Lengths = new() { ["short"] = 600, ["standard"] = 900, ["long"] = 1400 };
        list.Rush = 500;
        list.Papers = new() { ["white"] = 0, ["cream"] = 0, ["ruled"] = 0, ["parchment"] = 150 };
        list.Envelope = 150;
        list.OwnHand = 1000;
    }

    /// <summary>
    /// The price of a letter. Test orders run the whole pipeline but cost nothing: the same lines, each at zero,
    /// so an integrator sees what the live order would list.
    /// </summary>
    public Price PriceOf(string length, bool rush, string paper, bool test, bool ownHand = false)
    {
        var paperName = Catalogue.FindPaper(paper)?.Name ?? paper;
        var lines = new List<PriceLine>
        {
            new($"letter_{length}", $"A {length} handwritten letter (about {OrderVocabulary.Lengths[length]} words)", Lengths[length]),
        };
        if (rush)
        {
            lines.Add(new("rush", "Rush: written and posted first", Rush));
        }

        if (Papers.GetValueOrDefault(paper) is > 0 and var paperPrice)
        {
            lines.Add(new($"paper_{paper}", $"{paperName} paper", paperPrice));
        }

        if (ownHand)
        {
            lines.Add(new(Quotes.OwnHandLine, "Written in your own hand", OwnHand));
        }

        lines.Add(new("envelope", "Envelope addressed by hand, stamped and posted", Envelope));
        if (test)
        {
            lines = [.. lines.Select(l => l with { Amount = 0 })];
        }

        return new Price(lines.Sum(l => l.Amount), Currency, lines);
    }

    /// <summary>Refuses to start with a price list that cannot price every order.</summary>
    public sealed class Validation : IValidateOptions<PriceList>
    {
        public ValidateOptionsResult Validate(string? name, PriceList options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    /// <summary>At start-up: a length or paper the catalogue offers without a price would make ordering it fail.</summary>
    public IEnumerable<string> Problems()
    {
        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper))
        {
            yield return $"Letters:Prices:Currency must be an ISO 4217 code such as USD or EUR, not '{Currency}'.";
        }

        foreach (var length in OrderVocabulary.Lengths.Keys.Where(l => !Lengths.ContainsKey(l)))
        {
            yield return $"Letters:Prices:Lengths has no price for '{length}' letters.";
        }

        foreach (var paper in Catalogue.Papers.Where(p => !Papers.ContainsKey(p.Id)))
        {
            yield return $"Letters:Prices:Papers has no price for '{paper.Id}' paper (0 if it costs nothing extra).";
        }

        if (Lengths.Values.Concat(Papers.Values).Append(Rush).Append(Envelope).Append(OwnHand).Any(a => a < 0))
        {
            yield return "Letters:Prices: no price may be negative.";
        }
    }
}
